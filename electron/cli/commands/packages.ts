import { existsSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { readInputFileSync, readSmallInputFile } from '../../main/export/input/input-file'
import { INPUT_LIMITS } from '../../main/export/input/limits'
import { saveFile } from '../../main/services/files/atomic-save'
import { verifyPackageBytes } from '../../main/export/package/verify'
import { exportPackage, noReports, type ReportFile, type ReportFilesPort } from '../../main/services/packages/export'
import { importPackage, previewImport, rejectPackage } from '../../main/services/packages/import'
import { createReceipt, importReceipt } from '../../main/services/packages/receipts'
import { listReceived, listSent } from '../../main/services/packages/sent'
import { consolidatedSummary } from '../../main/services/packages/summary'
import { lookupFromCertificates } from '../../main/services/packages/trust'
import { checkPackage, readPackageFile, releaseChecked } from '../../main/services/packages/verify'
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations'
import type { VerifyReport } from '@shared/domain/packages'
import { UsageError, type Command } from '../command'
import { keyAndTrustCommands } from './packages-keys'
import { tokenAndCaCommands } from './packages-tokens'
import { one, optionalSecret, passphraseFrom, withDb } from './packages-shared'

/** `--attach FILE`: ready PDF/Excel files to include besides the catalogue's reports (signed the same way). */
function attachments(values: Record<string, unknown>): (period: string) => Promise<ReportFile[]> {
  const files = (values.attach as string[] | undefined) ?? []
  return async () =>
    files.map((f) => {
      const ext = extname(f).toLowerCase()
      if (ext !== '.pdf' && ext !== '.xlsx') throw new UsageError(`--attach chỉ nhận tệp .pdf hoặc .xlsx: ${f}`)
      return {
        name: basename(f),
        kind: ext === '.pdf' ? 'pdf' : 'xlsx',
        bytes: readInputFileSync(f, { maxBytes: INPUT_LIMITS.package.entryBytes, what: 'một tệp đính kèm' }),
      }
    })
}

const packageExport: Command = {
  name: ['package', 'export'],
  usage:
    'package export --period 2026-H1|2026 --out THƯ_MỤC (--passphrase-env BIẾN | --pin-env BIẾN) [--reports MÃ,MÃ|none] [--attach TỆP ...] [--cover]',
  summary: 'Tạo gói báo cáo ký số, ghi vào thư mục (USB), đọc lại kiểm tra; in đường dẫn gói',
  options: {
    period: { type: 'string' },
    out: { type: 'string' },
    'passphrase-env': { type: 'string' },
    'pin-env': { type: 'string' },
    reports: { type: 'string' },
    attach: { type: 'string', multiple: true },
    cover: { type: 'boolean' },
    'encrypt-to': { type: 'string' },
  },
  async run({ values, dbPath }, io) {
    if (typeof values.period !== 'string') throw new UsageError('Thiếu --period')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    // The report catalogue and its renderers (ExcelJS, the PDF printer) load only when a package
    // carries reports: with "--reports none" they were most of the command's start (1–3 s).
    const reportFiles = values.reports === 'none' ? null : await import('../../main/services/packages/report-files')
    // Default: every report of the catalogue that takes a year; "none" sends the data alone.
    const ids =
      reportFiles === null
        ? []
        : typeof values.reports !== 'string'
          ? reportFiles.defaultPackageReports()
          : values.reports
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean)
    return withDb(dbPath, io, async (ctx) => {
      let catalogue: ReportFilesPort
      try {
        catalogue = reportFiles ? reportFiles.catalogueReportFiles(ctx, ids) : noReports
      } catch (e) {
        throw new UsageError((e as Error).message)
      }
      const attached = attachments(values)
      const r = await exportPackage(ctx, {
        period: values.period as string,
        outDir: values.out as string,
        passphrase,
        reportFiles: async (period) => [...(await catalogue(period)), ...(await attached(period))],
        encryptTo: typeof values['encrypt-to'] === 'string' ? readSmallInputFile(values['encrypt-to']).toString('utf8') : undefined,
      })
      io.out(r.path)
      if (r.cover.encryptedTo.length === 0)
        io.err(
          'Lưu ý: gói KHÔNG được mã hóa vì chưa đăng ký chứng thư của tỉnh (trust add) và không có --encrypt-to; ai có USB cũng đọc được dữ liệu.',
        )
      if (values.cover) {
        const c = r.cover
        io.out(
          `\nPHIẾU KÈM GÓI BÁO CÁO\nMã gói: ${c.packageId}\nĐơn vị: ${c.officeName} (${c.officeCode})\nKỳ: ${c.period} — gói số ${c.sequence}`,
        )
        io.out(
          `Tạo lúc: ${c.createdAt}\nSố bản ghi: ${Object.entries(c.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        )
        io.out(`Mã băm manifest (SHA-256): ${c.manifestHash}\nDấu vân tay chứng thư: ${c.signerFingerprint}`)
      }
      return 0
    })
  },
}

const packageVerify: Command = {
  name: ['package', 'verify'],
  usage: 'package verify GÓI.zip [--trust CHỨNG_THƯ_HOẶC_CA.pem ...] [--crl TỆP.crl ...] [--passphrase-env BIẾN | --pin-env BIẾN]',
  summary: 'Kiểm tra gói: chữ ký, chuỗi chứng thư và thu hồi, tệp, tên, kích thước, phiên bản (mã thoát 0 hợp lệ, 1 không)',
  options: {
    trust: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    'passphrase-env': { type: 'string' },
    'pin-env': { type: 'string' },
  },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    const trustFiles = (values.trust as string[] | undefined) ?? []
    const crlFiles = ((values.crl as string[] | undefined) ?? []).map((f) => readSmallInputFile(f))
    const trust = trustFiles.length
      ? lookupFromCertificates(
          trustFiles.map((f) => readSmallInputFile(f)),
          crlFiles,
        )
      : undefined
    let signer: VerifyReport['signer'] = null
    let problems: { message: string }[]
    let title = ''
    if (trust && !existsSync(dbPath)) {
      // No database: check the package against the given certificates alone.
      const r = verifyPackageBytes(readPackageFile(file), {
        trust: (fp, details) => {
          const d = trust(fp, details)
          if (d?.chain)
            signer = { fingerprint: fp, name: '', code: '', chain: d.chain, ...(d.revocation ? { revocation: d.revocation } : {}) }
          return d
        },
        latestSchemaVersion: LATEST_SCHEMA_VERSION,
        now: new Date(),
      })
      problems = r.problems
      if (r.manifest)
        title = `${r.manifest.office.name} (${r.manifest.office.code}), kỳ ${r.manifest.period}, gói số ${r.manifest.sequence}`
    } else {
      const result = await withDb(dbPath, io, async (ctx) => {
        const secret = optionalSecret(values, io)
        const checked = await checkPackage(ctx, readPackageFile(file), trust ? { trust, sequence: false, secret } : { secret })
        releaseChecked(checked)
        return checked.report
      })
      if (result === 1) return 1
      problems = result.problems
      signer = result.signer
      if (result.package)
        title = `${result.package.officeName} (${result.package.officeCode}), kỳ ${result.package.period}, gói số ${result.package.sequence}`
    }
    if (signer?.chain) io.out(`Chuỗi chứng thư: ${signer.chain.join(' ← ')}`)
    if (signer?.revocation) io.out(`Kiểm tra thu hồi: ${signer.revocation}`)
    if (problems.length === 0) {
      io.out(`Gói hợp lệ: ${title}`)
      return 0
    }
    io.out(`Gói KHÔNG hợp lệ${title ? ` (${title})` : ''}:`)
    for (const p of problems) io.out(`- ${p.message}`)
    return 1
  },
}

const packageImport: Command = {
  name: ['package', 'import'],
  usage: 'package import GÓI.zip [--preview] [--passphrase-env BIẾN | --pin-env BIẾN]',
  summary: 'Kiểm tra rồi nhập gói vào cơ sở dữ liệu tỉnh (nhập lại cùng gói không thay đổi gì); khóa của tỉnh mở gói đã mã hóa',
  options: { preview: { type: 'boolean' }, 'passphrase-env': { type: 'string' }, 'pin-env': { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    const secret = optionalSecret(values, io)
    return withDb(dbPath, io, async (ctx) => {
      const zip = readPackageFile(file)
      const diffLines = (diff: { table: string; added: number; changed: number; removed: number; unchanged: number }[]) => {
        for (const d of diff) io.out(`${d.table}: thêm ${d.added}, sửa ${d.changed}, bỏ ${d.removed}, giữ nguyên ${d.unchanged}`)
      }
      if (values.preview) {
        const preview = await previewImport(ctx, zip, secret)
        diffLines(preview.diff)
        for (const p of preview.problems) io.out(`- ${p.message}`)
        return preview.valid ? 0 : 1
      }
      // One pass: the import checks the package and makes its plan itself (a preview first would
      // read and stage a province-sized package twice).
      const r = await importPackage(ctx, zip, secret)
      diffLines(r.diff)
      io.out(r.status === 'already' ? `Gói ${r.packageId} đã được nhập trước đó; không thay đổi gì.` : `Đã nhập gói ${r.packageId}.`)
      return 0
    })
  },
}

const packageReject: Command = {
  name: ['package', 'reject'],
  usage: 'package reject GÓI.zip --comment LÝ_DO',
  summary: 'Ghi nhận từ chối một gói hợp lệ (không nhập dữ liệu), để lập biên nhận từ chối',
  options: { comment: { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    if (typeof values.comment !== 'string' || !values.comment.trim()) throw new UsageError('Thiếu --comment (lý do từ chối)')
    return withDb(dbPath, io, async (ctx) => {
      const r = await rejectPackage(ctx, readPackageFile(file), values.comment as string)
      io.out(`Đã ghi nhận từ chối gói ${r.packageId}.`)
      return 0
    })
  },
}

const packageList: Command = {
  name: ['package', 'list'],
  usage: 'package list [--json]',
  summary: 'Các gói đã gửi (đơn vị) hoặc đã nhận (tỉnh) và trạng thái',
  options: { json: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    return withDb(dbPath, io, async (ctx) => {
      const sent = await listSent(ctx)
      const received = await listReceived(ctx)
      if (values.json) io.out(JSON.stringify({ sent, received }, null, 2))
      else {
        for (const p of sent)
          io.out(`gửi  số ${p.sequence}  ${p.period}  ${p.status}  ${p.fileName}${p.comments ? `  — ${p.comments}` : ''}`)
        for (const p of received) io.out(`nhận ${p.officeCode} số ${p.sequence}  ${p.period}  ${p.status}  ${p.packageId}`)
      }
      return 0
    })
  },
}

const packageSummary: Command = {
  name: ['package', 'summary'],
  usage: 'package summary [--year NĂM] [--json]',
  summary: 'Tổng hợp kết quả rà soát theo đơn vị (mẫu 1) và các số CCCD có ở hai đơn vị',
  options: { year: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    const year = typeof values.year === 'string' ? Number(values.year) : undefined
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year phải là một năm, ví dụ 2025')
    return withDb(dbPath, io, async (ctx) => {
      const r = await consolidatedSummary(ctx, { year })
      if (values.json) {
        io.out(JSON.stringify(r, null, 2))
        return 0
      }
      io.out(`${r.document.title} — năm ${r.year}`)
      // The report's own table, one line per office and the total, cells as the PDF shows them.
      for (const block of r.document.body) {
        if (block.kind !== 'table') continue
        for (const row of block.table.header) io.out(row.map((c) => c.text).join(' | '))
        for (const row of block.table.rows) io.out(row.map((c) => (c === null ? '' : String(c))).join(' | '))
      }
      if (r.sharedCitizenIds.length) io.out(`\nSố CCCD có ở hai đơn vị trở lên (${r.sharedCitizenIds.length}):`)
      for (const s of r.sharedCitizenIds) {
        io.out(`${s.citizenId}: ${s.households.map((h) => `${h.officeCode} ${h.code} (${h.headName})`).join('; ')}`)
      }
      return 0
    })
  },
}

const receiptCreate: Command = {
  name: ['receipt', 'create'],
  usage: 'receipt create MÃ_GÓI --out THƯ_MỤC (--passphrase-env BIẾN | --pin-env BIẾN) [--comment NỘI_DUNG]',
  summary: 'Lập biên nhận ký số (chấp nhận/từ chối) cho một gói đã nhận; in đường dẫn',
  options: { out: { type: 'string' }, 'passphrase-env': { type: 'string' }, 'pin-env': { type: 'string' }, comment: { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const packageId = one(positionals, 'mã gói')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    return withDb(dbPath, io, async (ctx) => {
      const r = await createReceipt(ctx, { packageId, comments: values.comment as string | undefined, passphrase })
      const path = join(values.out as string, r.fileName)
      saveFile(path, r.bytes)
      io.out(path)
      return 0
    })
  },
}

const receiptImport: Command = {
  name: ['receipt', 'import'],
  usage: 'receipt import BIÊN_NHẬN.json',
  summary: 'Nhập biên nhận của tỉnh và cập nhật trạng thái gói đã gửi',
  options: {},
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp biên nhận')
    return withDb(dbPath, io, async (ctx) => {
      const sent = await importReceipt(ctx, readSmallInputFile(file))
      io.out(
        `Gói số ${sent.sequence} (${sent.period}): ${sent.status === 'accepted' ? 'tỉnh đã chấp nhận' : 'tỉnh từ chối'}${sent.comments ? ` — ${sent.comments}` : ''}`,
      )
      return 0
    })
  },
}

/** CLI commands of the domain: Khóa của đơn vị, gói báo cáo ký số, tin cậy và biên nhận của tỉnh. */
export const packageCommands: Command[] = [
  ...keyAndTrustCommands,
  ...tokenAndCaCommands,
  packageExport,
  packageVerify,
  packageImport,
  packageReject,
  packageList,
  packageSummary,
  receiptCreate,
  receiptImport,
]
