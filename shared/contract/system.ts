import { z } from 'zod'
import { channel } from './channel'
import { passphraseProblem } from '../text/passphrase'

// Channels of the domain: Người dùng, vai trò, sao lưu, kiểm tra.
// The renderer never names a file or a folder: the backup folder and a backup file from elsewhere are
// chosen through main's dialogs; a backup in the configured folder is named by its id from the list.

const Empty = z.object({}).strict()

export const BACKUP_ID_PATTERN = /^sgn-[A-Za-z0-9._-]+-\d{8}-\d{6}-\d{3}Z(?:-\d+)?\.sgnbak$/
const BackupId = z.string().max(200).regex(BACKUP_ID_PATTERN, 'Mã bản sao lưu không hợp lệ')
/** A new backup passphrase: the strength rule of shared/text/passphrase.ts. */
const Passphrase = z
  .string()
  .max(1024)
  .superRefine((p, ctx) => {
    const problem = passphraseProblem(p, 'sao lưu')
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const Counts = z.record(z.string(), z.number().int())
/** `mode`: an office's database or the province's (restoring one over the other needs the office code typed). */
const OfficeRef = z.object({ code: z.string(), name: z.string(), mode: z.enum(['office', 'province']).optional() }).nullable()

export const BackupStatusSchema = z.object({
  /** Shown to the clerk; set only through the folder dialog. */
  dir: z.string().nullable(),
  keep: z.number().int(),
  encrypt: z.boolean(),
  passphraseSet: z.boolean(),
  last: z.object({ at: z.string(), reason: z.enum(['manual', 'daily', 'exit']), ok: z.boolean(), message: z.string() }).nullable(),
})

export const BackupListItemSchema = z.object({
  id: z.string(),
  bytes: z.number().int(),
  createdAt: z.string().nullable(),
  office: OfficeRef,
  schemaVersion: z.number().int().nullable(),
  encrypted: z.boolean(),
  counts: Counts,
  /** Why the file cannot be used, when it cannot. */
  problem: z.string().nullable(),
})
export type BackupListItem = z.infer<typeof BackupListItemSchema>

export const RestoreOfferSchema = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({
    cancelled: z.literal(false),
    token: z.string().uuid(),
    backup: z.object({
      createdAt: z.string(),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      office: OfficeRef,
      counts: Counts,
      encrypted: z.boolean(),
    }),
    current: z.object({ schemaVersion: z.number().int(), office: OfficeRef, counts: Counts }),
    /**
     * Set when the backup is another office's, or an office's over the province's (or the reverse):
     * the restore is refused unless `confirmOfficeCode` repeats `confirmCode`.
     */
    officeCheck: z.object({ message: z.string(), confirmCode: z.string() }).nullable(),
  }),
])

export const CheckReportSchema = z.object({
  ok: z.boolean(),
  integrity: z.array(z.string()),
  /** null when the file is too damaged to know. */
  foreignKeys: z.number().int().nullable(),
  schemaVersion: z.number().int(),
  appSchemaVersion: z.number().int(),
  schemaState: z.enum(['current', 'older', 'newer']),
  counts: Counts,
})

export const systemChannels = {
  'system.backup.status': channel({
    summary: 'Cài đặt sao lưu (thư mục, số bản giữ lại, mã hóa) và kết quả lần sao lưu gần nhất',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: Empty,
    output: BackupStatusSchema,
  }),
  'system.backup.chooseFolder': channel({
    changes: ['settings'],
    summary: 'Chọn thư mục sao lưu (hộp thoại của tiến trình chính), ví dụ ổ USB',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: Empty,
    output: z.object({ cancelled: z.boolean(), status: BackupStatusSchema }),
  }),
  'system.backup.configure': channel({
    changes: ['settings'],
    summary: 'Số bản sao lưu giữ lại, có mã hóa không, và mật khẩu sao lưu cho phiên làm việc này',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: z.object({ keep: z.number().int().min(1).max(100), encrypt: z.boolean(), passphrase: Passphrase.optional() }).strict(),
    output: BackupStatusSchema,
  }),
  'system.backup.create': channel({
    changes: ['settings'],
    summary: 'Sao lưu ngay vào thư mục đã chọn',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: Empty,
    output: BackupListItemSchema,
  }),
  'system.backup.createTo': channel({
    summary: 'Sao lưu một lần vào thư mục chọn lúc này, không đổi cài đặt sao lưu (lệnh "backup create --out")',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: z.object({ keep: z.number().int().min(1).max(100).optional(), passphrase: Passphrase.nullable() }).strict(),
    output: z.union([
      z.object({ cancelled: z.literal(true) }),
      z.object({ cancelled: z.literal(false), path: z.string(), encrypted: z.boolean(), removed: z.array(z.string()) }),
    ]),
  }),
  'system.backup.list': channel({
    summary: 'Các bản sao lưu trong thư mục sao lưu, mới nhất trước',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: Empty,
    output: z.array(BackupListItemSchema),
  }),
  'system.backup.inspect': channel({
    summary: 'Xem bản sao lưu chứa gì (ngày, đơn vị, số bản ghi) trước khi khôi phục; không thay đổi gì',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: z.object({ backupId: BackupId.optional(), passphrase: z.string().max(1024).optional() }).strict(),
    output: RestoreOfferSchema,
  }),
  'system.backup.restore': channel({
    changes: ['office', 'units', 'households', 'reviews', 'targets', 'plans', 'agencies', 'reports', 'packages', 'settings', 'users'],
    summary: 'Khôi phục bản sao lưu đã xem trước; cơ sở dữ liệu hiện tại được giữ lại bên cạnh',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: z
      .object({
        token: z.string().uuid(),
        /** The office code the admin typed, when the preview's officeCheck asked for it. */
        confirmOfficeCode: z.string().max(100).optional(),
      })
      .strict(),
    output: z.object({ keptAside: z.string().nullable(), counts: Counts, schemaVersion: z.number().int() }),
  }),
  'system.check': channel({
    summary: 'Kiểm tra toàn vẹn cơ sở dữ liệu và lược đồ',
    access: 'admin', // backups and restores replace the whole register: admins only
    input: Empty,
    output: CheckReportSchema,
  }),
}
