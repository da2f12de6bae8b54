import { existsSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { createContext } from '../../main/app-context'
import { writeFileAtomic } from '../../main/export/package/atomic-write'
import { verifyPackageBytes } from '../../main/export/package/verify'
import type { ServiceContext } from '../../main/services/context'
import { exportPackage, type ReportFile } from '../../main/services/packages/export'
import { importPackage, previewImport, rejectPackage } from '../../main/services/packages/import'
import { createOwnKey, exportOwnCertificate, getOwnKey, importOwnKey } from '../../main/services/packages/keys'
import { createReceipt, importReceipt } from '../../main/services/packages/receipts'
import { listReceived, listSent } from '../../main/services/packages/sent'
import { provisionalOfficeCounts } from '../../main/services/packages/summary'
import { addTrusted, listTrusted, lookupFromCertificates, revokeTrusted } from '../../main/services/packages/trust'
import { checkPackage, readPackageFile } from '../../main/services/packages/verify'
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations'
import { UsageError, type CliIO, type Command } from '../command'

/** Opens an existing database for one command and closes it after. */
async function withDb<T>(dbPath: string, io: CliIO, run: (ctx: ServiceContext) => Promise<T>): Promise<T | 1> {
  if (!existsSync(dbPath)) {
    io.err(`Không có cơ sở dữ liệu ${dbPath}. Hãy chạy "so-giam-ngheo init" trước.`)
    return 1
  }
  const ctx = await createContext({ dbPath })
  try {
    return await run(ctx)
  } finally {
    await ctx.store.close()
  }
}

/** Passphrases come from an environment variable named on the command line, never from argv itself. */
function passphraseFrom(values: Record<string, unknown>, io: CliIO, option = 'passphrase-env'): string {
  const name = values[option]
  if (typeof name !== 'string' || !name)
    throw new UsageError(`Thiếu --${option} TÊN_BIẾN (mật khẩu lấy từ biến môi trường, không ghi trên dòng lệnh)`)
  const value = io.env[name]
  if (!value) throw new UsageError(`Biến môi trường ${name} chưa được đặt`)
  return value
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một ${what}`)
  return positionals[0]!
}

const keysCreate: Command = {
  name: ['keys', 'create'],
  usage: 'keys create --passphrase-env BIẾN [--replace]',
  summary: 'Tạo khóa ký và chứng thư số tự ký mang tên đơn vị',
  options: { 'passphrase-env': { type: 'string' }, replace: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    const passphrase = passphraseFrom(values, io)
    return withDb(dbPath, io, async (ctx) => {
      const key = await createOwnKey(ctx, { passphrase, replace: values.replace === true })
      io.out(`Đã tạo khóa cho ${key.name} (${key.code}).`)
      io.out(`Dấu vân tay SHA-256: ${key.fingerprint}`)
      return 0
    })
  },
}

const keysImport: Command = {
  name: ['keys', 'import'],
  usage: 'keys import TỆP.p12 --passphrase-env BIẾN [--p12-passphrase-env BIẾN2] [--replace]',
  summary: 'Nhập khóa và chứng thư từ tệp .p12/.pfx (mật khẩu tệp mặc định là mật khẩu khóa)',
  options: { 'passphrase-env': { type: 'string' }, 'p12-passphrase-env': { type: 'string' }, replace: { type: 'boolean' } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp .p12/.pfx')
    const passphrase = passphraseFrom(values, io)
    const p12Password = values['p12-passphrase-env'] ? passphraseFrom(values, io, 'p12-passphrase-env') : passphrase
    return withDb(dbPath, io, async (ctx) => {
      const key = await importOwnKey(ctx, { p12: readFileSync(file), p12Password, passphrase, replace: values.replace === true })
      io.out(`Đã nhập khóa của ${key.name} (${key.code}). Dấu vân tay SHA-256: ${key.fingerprint}`)
      return 0
    })
  },
}

const keysExportCert: Command = {
  name: ['keys', 'export-cert'],
  usage: 'keys export-cert RA.pem',
  summary: 'Lưu chứng thư số (không có khóa bí mật) để gửi cấp trên, in dấu vân tay',
  options: {},
  async run({ positionals, dbPath }, io) {
    const out = one(positionals, 'tệp đích')
    return withDb(dbPath, io, async (ctx) => {
      const cert = await exportOwnCertificate(ctx)
      writeFileAtomic(out, Buffer.from(cert.pem, 'utf8'))
      io.out(`Đã lưu ${out}`)
      io.out(`Dấu vân tay SHA-256 (đọc qua điện thoại để xác nhận): ${cert.fingerprint}`)
      return 0
    })
  },
}

const keysShow: Command = {
  name: ['keys', 'show'],
  usage: 'keys show',
  summary: 'Khóa ký đang dùng',
  options: {},
  async run({ dbPath }, io) {
    return withDb(dbPath, io, async (ctx) => {
      const key = await getOwnKey(ctx)
      if (!key) {
        io.err('Chưa có khóa ký.')
        return 1
      }
      io.out(`${key.name} (${key.code}), ${key.province}; hiệu lực ${key.notBefore.slice(0, 10)} – ${key.notAfter.slice(0, 10)}`)
      io.out(`Dấu vân tay SHA-256: ${key.fingerprint}`)
      return 0
    })
  },
}

/** `--attach FILE` stands in for the report catalogue until it lands: include ready PDF/Excel files. */
function attachments(values: Record<string, unknown>): (period: string) => Promise<ReportFile[]> {
  const files = (values.attach as string[] | undefined) ?? []
  return async () =>
    files.map((f) => {
      const ext = extname(f).toLowerCase()
      if (ext !== '.pdf' && ext !== '.xlsx') throw new UsageError(`--attach chỉ nhận tệp .pdf hoặc .xlsx: ${f}`)
      return { name: basename(f), kind: ext === '.pdf' ? 'pdf' : 'xlsx', bytes: readFileSync(f) }
    })
}

const packageExport: Command = {
  name: ['package', 'export'],
  usage: 'package export --period 2026-H1|2026 --out THƯ_MỤC --passphrase-env BIẾN [--attach TỆP ...] [--cover]',
  summary: 'Tạo gói báo cáo ký số, ghi vào thư mục (USB), đọc lại kiểm tra; in đường dẫn gói',
  options: {
    period: { type: 'string' },
    out: { type: 'string' },
    'passphrase-env': { type: 'string' },
    attach: { type: 'string', multiple: true },
    cover: { type: 'boolean' },
  },
  async run({ values, dbPath }, io) {
    if (typeof values.period !== 'string') throw new UsageError('Thiếu --period')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    return withDb(dbPath, io, async (ctx) => {
      const r = await exportPackage(ctx, {
        period: values.period as string,
        outDir: values.out as string,
        passphrase,
        reportFiles: attachments(values),
      })
      io.out(r.path)
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
  usage: 'package verify GÓI.zip [--trust CHỨNG_THƯ.pem ...]',
  summary: 'Kiểm tra gói: chữ ký, tệp, tên, kích thước, phiên bản (mã thoát 0 hợp lệ, 1 không)',
  options: { trust: { type: 'string', multiple: true } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    const trustFiles = (values.trust as string[] | undefined) ?? []
    const trust = trustFiles.length ? lookupFromCertificates(trustFiles.map((f) => readFileSync(f, 'utf8'))) : undefined
    let problems: { message: string }[]
    let title = ''
    if (trust && !existsSync(dbPath)) {
      // No database: check the package against the given certificates alone.
      const r = verifyPackageBytes(readPackageFile(file), { trust, latestSchemaVersion: LATEST_SCHEMA_VERSION, now: new Date() })
      problems = r.problems
      if (r.manifest)
        title = `${r.manifest.office.name} (${r.manifest.office.code}), kỳ ${r.manifest.period}, gói số ${r.manifest.sequence}`
    } else {
      const result = await withDb(
        dbPath,
        io,
        async (ctx) => (await checkPackage(ctx, readPackageFile(file), trust ? { trust, sequence: false } : {})).report,
      )
      if (result === 1) return 1
      problems = result.problems
      if (result.package)
        title = `${result.package.officeName} (${result.package.officeCode}), kỳ ${result.package.period}, gói số ${result.package.sequence}`
    }
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
  usage: 'package import GÓI.zip [--preview]',
  summary: 'Kiểm tra rồi nhập gói vào cơ sở dữ liệu tỉnh (nhập lại cùng gói không thay đổi gì)',
  options: { preview: { type: 'boolean' } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    return withDb(dbPath, io, async (ctx) => {
      const zip = readPackageFile(file)
      const preview = await previewImport(ctx, zip)
      for (const d of preview.diff) io.out(`${d.table}: thêm ${d.added}, sửa ${d.changed}, bỏ ${d.removed}, giữ nguyên ${d.unchanged}`)
      if (values.preview) {
        for (const p of preview.problems) io.out(`- ${p.message}`)
        return preview.valid ? 0 : 1
      }
      const r = await importPackage(ctx, zip)
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
  usage: 'package summary [--json]',
  summary: 'Tổng hợp tạm thời số hộ theo đơn vị gửi và theo địa bàn',
  options: { json: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    return withDb(dbPath, io, async (ctx) => {
      const rows = await provisionalOfficeCounts(ctx)
      if (values.json) io.out(JSON.stringify(rows, null, 2))
      else for (const o of rows) io.out(`${o.officeCode} ${o.officeName}: ${o.households} hộ`)
      return 0
    })
  },
}

const receiptCreate: Command = {
  name: ['receipt', 'create'],
  usage: 'receipt create MÃ_GÓI --out THƯ_MỤC --passphrase-env BIẾN [--comment NỘI_DUNG]',
  summary: 'Lập biên nhận ký số (chấp nhận/từ chối) cho một gói đã nhận; in đường dẫn',
  options: { out: { type: 'string' }, 'passphrase-env': { type: 'string' }, comment: { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const packageId = one(positionals, 'mã gói')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    return withDb(dbPath, io, async (ctx) => {
      const r = await createReceipt(ctx, { packageId, comments: values.comment as string | undefined, passphrase })
      const path = join(values.out as string, r.fileName)
      writeFileAtomic(path, r.bytes)
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
      const sent = await importReceipt(ctx, readFileSync(file))
      io.out(
        `Gói số ${sent.sequence} (${sent.period}): ${sent.status === 'accepted' ? 'tỉnh đã chấp nhận' : 'tỉnh từ chối'}${sent.comments ? ` — ${sent.comments}` : ''}`,
      )
      return 0
    })
  },
}

const trustAdd: Command = {
  name: ['trust', 'add'],
  usage: 'trust add CHỨNG_THƯ.pem [--fingerprint DẤU_VÂN_TAY] [--office-code MÃ]',
  summary: 'Đăng ký chứng thư của đơn vị (tỉnh) hoặc của tỉnh (đơn vị); --fingerprint phải khớp',
  options: { fingerprint: { type: 'string' }, 'office-code': { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp chứng thư')
    return withDb(dbPath, io, async (ctx) => {
      const t = await addTrusted(ctx, {
        pem: readFileSync(file, 'utf8'),
        confirmFingerprint: values.fingerprint as string | undefined,
        officeCode: values['office-code'] as string | undefined,
      })
      io.out(`Đã đăng ký ${t.name} (${t.officeCode}). Dấu vân tay SHA-256: ${t.fingerprint}`)
      if (values.fingerprint === undefined) io.out('Lưu ý: chưa đối chiếu dấu vân tay; hãy xác nhận qua điện thoại với đơn vị.')
      return 0
    })
  },
}

const trustList: Command = {
  name: ['trust', 'list'],
  usage: 'trust list [--json]',
  summary: 'Các chứng thư đã đăng ký và gói đã nhận từ mỗi đơn vị',
  options: { json: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    return withDb(dbPath, io, async (ctx) => {
      const list = await listTrusted(ctx)
      if (values.json) io.out(JSON.stringify(list, null, 2))
      else
        for (const t of list) {
          const last = t.lastPackage ? `gói gần nhất số ${t.lastPackage.sequence} (${t.lastPackage.period})` : 'chưa gửi gói nào'
          io.out(
            `${t.officeCode}  ${t.name}  ${t.status === 'active' ? 'đang dùng' : 'ĐÃ THU HỒI'}  ${t.packagesReceived} gói, ${last}  ${t.fingerprint}`,
          )
        }
      return 0
    })
  },
}

const trustRevoke: Command = {
  name: ['trust', 'revoke'],
  usage: 'trust revoke DẤU_VÂN_TAY [--reason LÝ_DO]',
  summary: 'Thu hồi chứng thư: không nhận gói ký bằng nó nữa',
  options: { reason: { type: 'string' } },
  async run({ values, positionals, dbPath }, io) {
    const fingerprint = one(positionals, 'dấu vân tay')
    return withDb(dbPath, io, async (ctx) => {
      const t = await revokeTrusted(ctx, { fingerprint, reason: values.reason as string | undefined })
      io.out(`Đã thu hồi chứng thư của ${t.name} (${t.officeCode}).`)
      return 0
    })
  },
}

/** CLI commands of the domain: Khóa của đơn vị, gói báo cáo ký số, tin cậy và biên nhận của tỉnh. */
export const packageCommands: Command[] = [
  keysCreate,
  keysImport,
  keysExportCert,
  keysShow,
  packageExport,
  packageVerify,
  packageImport,
  packageReject,
  packageList,
  packageSummary,
  receiptCreate,
  receiptImport,
  trustAdd,
  trustList,
  trustRevoke,
]
