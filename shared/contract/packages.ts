import { z } from 'zod'
import { channel } from './channel'
import { JobIdSchema } from './jobs-types'
import {
  ImportPreviewSchema,
  ConsolidatedSummarySchema,
  OwnKeySchema,
  PeriodSchema,
  ReceivedPackageSchema,
  SentPackageSchema,
  TableDiffSchema,
  TrustEntrySchema,
  CertificateSummarySchema,
  VerifyReportSchema,
} from '../domain/packages'

// Khóa của đơn vị, gói báo cáo ký số, tin cậy và biên nhận của tỉnh.
// The renderer never names a file: main's dialogs choose them, and a chosen package or certificate
// is referred to afterwards by an opaque token.
const Empty = z.object({}).strict()
const Passphrase = z.string().min(1, 'Nhập mật khẩu khóa').max(1024)
const Cancelled = z.object({ cancelled: z.literal(true) })

/** What a finished `packages.export` job holds in its result. */
export const PackageExportResultSchema = z.object({ folder: z.string(), cover: z.lazy(() => CoverSheetSchema) })
export type PackageExportResult = z.infer<typeof PackageExportResultSchema>
/** What a finished `packages.import` job holds in its result. */
export const PackageImportResultSchema = z.object({
  status: z.enum(['imported', 'already']),
  packageId: z.string(),
  diff: z.array(TableDiffSchema),
})
export type PackageImportResult = z.infer<typeof PackageImportResultSchema>
const Token = z.string().uuid()

const MB = 1024 * 1024
/**
 * A certificate or CRL given by its bytes (base64), not by a path: the renderer never names a file
 * (`package verify --trust/--crl` on the command line, which names several).
 */
const CertificateBytes = z.base64().max(6 * MB, 'Tệp chứng thư hoặc CRL quá lớn')
/** A ready report sent with a package: a plain file name (no folder), .pdf or .xlsx, and its bytes. */
const Attachment = z
  .object({
    name: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[^/\\:*?"<>|]+\.(pdf|xlsx)$/i, 'Tệp đính kèm phải là tệp .pdf hoặc .xlsx'),
    base64: z.base64().max(90 * MB, 'Tệp đính kèm quá lớn (tối đa 64 MB)'),
  })
  .strict()

/** A CA this installation trusts (trust add-ca / list-ca). */
export const TrustedCaSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  selfSigned: z.boolean(),
  notBefore: z.string(),
  notAfter: z.string(),
  addedAt: z.string(),
})
/** An imported certificate revocation list (trust add-crl). */
export const ImportedCrlSchema = z.object({
  issuer: z.string(),
  thisUpdate: z.string(),
  nextUpdate: z.string().nullable(),
  entries: z.number().int(),
  checkedNow: z.boolean(),
})

export const CoverSheetSchema = z.object({
  packageId: z.string(),
  fileName: z.string(),
  officeCode: z.string(),
  officeName: z.string(),
  period: z.string(),
  sequence: z.number().int(),
  createdAt: z.string(),
  counts: z.record(z.string(), z.number()),
  manifestHash: z.string(),
  signerFingerprint: z.string(),
  /** Fingerprints of the certificates the data and reports are encrypted to (issue 18); empty when not encrypted. */
  encryptedTo: z.array(z.string()),
})

export const packageChannels = {
  'packages.key.get': channel({ summary: 'Khóa ký đang dùng của đơn vị, hoặc null', input: Empty, output: OwnKeySchema.nullable() }),
  'packages.key.create': channel({
    changes: ['packages'],
    summary: 'Tạo cặp khóa và chứng thư số tự ký mang tên đơn vị; khóa bí mật được mã hóa bằng mật khẩu',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: z.object({ passphrase: Passphrase, replace: z.boolean().default(false) }).strict(),
    output: OwnKeySchema,
  }),
  'packages.key.importP12': channel({
    changes: ['packages'],
    summary: 'Nhập khóa và chứng thư từ tệp .p12/.pfx của tổ chức chứng thực (chọn tệp qua hộp thoại)',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: z.object({ p12Password: z.string().max(1024), passphrase: Passphrase, replace: z.boolean().default(false) }).strict(),
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), key: OwnKeySchema })]),
  }),
  'packages.token.list': channel({
    summary: 'Chọn thư viện PKCS#11 của USB token (.dll) qua hộp thoại; liệt kê token và chứng thư số trên đó (không cần PIN)',
    access: 'admin', // the office's key is a setting
    input: Empty,
    output: z.union([
      Cancelled,
      z.object({
        cancelled: z.literal(false),
        module: Token,
        moduleName: z.string(),
        tokens: z.array(
          z.object({
            slot: z.number(),
            label: z.string(),
            manufacturer: z.string(),
            model: z.string(),
            serial: z.string(),
            certificates: z.array(
              z.object({ id: z.string(), label: z.string(), subject: z.string(), fingerprint: z.string(), notAfter: z.string() }),
            ),
          }),
        ),
      }),
    ]),
  }),
  'packages.token.use': channel({
    changes: ['packages'],
    summary: 'Ký bằng chứng thư trên USB token: kiểm tra PIN và khóa, ghi nhớ token và chứng thư (không lưu PIN)',
    access: 'admin', // the office's key is a setting
    input: z
      .object({
        module: Token,
        // Left out: the first token plugged in, the first certificate on it with its private key.
        tokenLabel: z.string().max(64).optional(),
        certId: z.string().max(256).optional(),
        pin: z.string().min(1, 'Nhập mã PIN của token').max(256),
        replace: z.boolean().default(false),
      })
      .strict(),
    output: OwnKeySchema.extend({ officeNamed: z.boolean() }),
  }),
  'packages.key.exportCert': channel({
    summary: 'Lưu chứng thư số (không có khóa bí mật) ra tệp để gửi tỉnh, kèm dấu vân tay',
    // chooseName: the user names the file (a save dialog) rather than choosing a folder (USB suggested).
    input: z.object({ chooseName: z.boolean().default(false) }).strict(),
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), fileName: z.string(), fingerprint: z.string() })]),
  }),
  'packages.export': channel({
    changes: ['packages'],
    summary: 'Tạo gói báo cáo ký số cho một kỳ, ghi vào thư mục chọn (USB trước), đọc lại và kiểm tra',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    input: z
      .object({
        period: PeriodSchema,
        passphrase: Passphrase,
        // Report ids from the catalogue (reports.list); left out: every report that takes a year.
        reports: z.array(z.string().min(1).max(60)).max(50).optional(),
        // Ready PDF/Excel files sent besides the catalogue's reports, signed the same way.
        attachments: z.array(Attachment).max(20).default([]),
        // Encrypt to a certificate chosen in the open dialog instead of the registered province's.
        encryptToFile: z.boolean().default(false),
      })
      .strict(),
    // The export runs as a job (progress, Cancel): its result (PackageExportResultSchema) comes through jobs.status.
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), jobId: z.string().uuid(), folder: z.string() })]),
  }),
  'packages.sent.list': channel({ summary: 'Các gói đã gửi và trạng thái tỉnh trả lời', input: Empty, output: z.array(SentPackageSchema) }),
  'packages.receipt.import': channel({
    changes: ['packages'],
    summary: 'Nhập biên nhận ký số của tỉnh (chọn tệp) và cập nhật trạng thái gói',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    input: Empty,
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), sent: SentPackageSchema })]),
  }),
  'packages.trust.pick': channel({
    summary: 'Chọn tệp chứng thư số để đăng ký; trả về dấu vân tay để xác nhận qua điện thoại',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: Empty,
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), token: Token, certificate: CertificateSummarySchema })]),
  }),
  'packages.trust.add': channel({
    changes: ['packages'],
    summary: 'Đăng ký chứng thư đã chọn sau khi xác nhận dấu vân tay',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: z.object({ token: Token, confirmFingerprint: z.string().max(200), officeCode: z.string().trim().max(20).optional() }).strict(),
    output: TrustEntrySchema,
  }),
  'packages.trust.list': channel({
    summary: 'Các chứng thư đã đăng ký và gói đã nhận từ mỗi đơn vị',
    input: Empty,
    output: z.array(TrustEntrySchema),
  }),
  'packages.trust.revoke': channel({
    changes: ['packages'],
    summary: 'Thu hồi một chứng thư: từ nay không nhận gói ký bằng nó',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: z.object({ fingerprint: z.string().max(200), reason: z.string().max(500).default('') }).strict(),
    output: TrustEntrySchema,
  }),
  'packages.trust.addCa': channel({
    changes: ['packages'],
    summary: 'Tin cậy tổ chức chứng thực: chọn tệp chứng thư CA gốc hoặc trung gian (.cer/.crt/.pem/.p7b)',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: Empty,
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), added: z.array(TrustedCaSchema) })]),
  }),
  'packages.trust.addCrl': channel({
    changes: ['packages'],
    summary: 'Nhập danh sách chứng thư bị thu hồi (CRL) do tổ chức chứng thực công bố (chọn tệp)',
    access: 'admin', // the office's key and the list of trusted offices are settings
    input: Empty,
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), crl: ImportedCrlSchema })]),
  }),
  'packages.trust.listCa': channel({
    summary: 'Các tổ chức chứng thực được tin cậy',
    input: Empty,
    output: z.array(TrustedCaSchema),
  }),
  'packages.pick': channel({
    summary: 'Chọn một gói .zip, kiểm tra và xem trước thay đổi (chưa nhập gì)',
    // A package encrypted to this province is opened with its key's passphrase (or token PIN).
    input: z.object({ passphrase: Passphrase.optional() }).strict(),
    output: z.union([
      Cancelled,
      z.object({ cancelled: z.literal(false), token: Token, fileName: z.string(), preview: ImportPreviewSchema }),
    ]),
  }),
  'packages.verify': channel({
    // A check that writes nothing, like packages.pick's preview: whoever may look at a package may
    // verify it (the clerk who receives the USB stick), without the approver's right to import it.
    summary: 'Chọn một gói .zip và kiểm tra (chữ ký, chuỗi chứng thư, thu hồi, tệp, phiên bản, dữ liệu); không nhập gì',
    input: z
      .object({
        passphrase: Passphrase.optional(),
        // Given: trust exactly these certificates (an office's, or a CA's) and CRLs, not the register's.
        certificates: z.array(CertificateBytes).max(20).default([]),
        crls: z.array(CertificateBytes).max(20).default([]),
      })
      .strict(),
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), fileName: z.string(), report: VerifyReportSchema })]),
  }),
  'packages.importFile': channel({
    changes: ['packages', 'households', 'reviews'],
    summary: 'Chọn một gói .zip và nhập ngay, không xem trước (kiểm tra một lần trong lúc nhập)',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    input: z.object({ passphrase: Passphrase.optional() }).strict(),
    // A job, as packages.import: its result (PackageImportResultSchema) comes through jobs.status.
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), jobId: z.string().uuid() })]),
  }),
  'packages.import': channel({
    changes: ['packages', 'households', 'reviews'],
    summary: 'Nhập gói đã xem trước (kiểm tra lại từ đầu); nhập hai lần không thay đổi gì',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    input: z.object({ token: Token, passphrase: Passphrase.optional() }).strict(),
    // A job (progress, Cancel until the one transaction starts): its result (PackageImportResultSchema) comes through jobs.status.
    output: JobIdSchema,
  }),
  'packages.reject': channel({
    changes: ['packages'],
    summary: 'Từ chối gói đã xem trước, ghi lý do; không nhập dữ liệu',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    input: z.object({ token: Token, comments: z.string().trim().min(1, 'Ghi lý do từ chối').max(4000) }).strict(),
    output: z.object({ packageId: z.string() }),
  }),
  'packages.received.list': channel({ summary: 'Các gói tỉnh đã nhận, theo đơn vị', input: Empty, output: z.array(ReceivedPackageSchema) }),
  'packages.summary': channel({
    summary: 'Tổng hợp kết quả rà soát theo đơn vị (mẫu 1 của danh mục báo cáo) và các số CCCD có ở hai đơn vị',
    input: z.object({ year: z.number().int().min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ').optional() }).strict(),
    output: ConsolidatedSummarySchema,
  }),
  'packages.receipt.create': channel({
    changes: ['packages'],
    summary: 'Lập biên nhận ký số cho một gói đã nhận, lưu vào thư mục chọn',
    access: 'approver', // signing, accepting and rejecting packages is the approver's act (issue 8)
    // comments left out: the package's own (a rejection's reason).
    input: z.object({ packageId: z.string().uuid(), comments: z.string().max(4000).optional(), passphrase: Passphrase }).strict(),
    output: z.union([Cancelled, z.object({ cancelled: z.literal(false), fileName: z.string() })]),
  }),
}
