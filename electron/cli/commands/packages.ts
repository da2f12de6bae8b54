import { basename, extname, join } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { PackageExportResult, PackageImportResult } from '@shared/contract/packages'
import { UsageError, type Command } from '../command'
import { withRouter, type CliRouter } from '../router'
import { keyAndTrustCommands } from './packages-keys'
import { jobResult, one, optionalSecret, passphraseFrom, readNamedFiles, withRouterOrScratch } from './packages-shared'
import { tokenAndCaCommands } from './packages-tokens'

/** `--attach FILE`: ready PDF/Excel files to include besides the catalogue's reports (signed the same way). */
function attachments(values: Record<string, unknown>): { name: string; base64: string }[] {
  return ((values.attach as string[] | undefined) ?? []).map((f) => {
    const ext = extname(f).toLowerCase()
    if (ext !== '.pdf' && ext !== '.xlsx') throw new UsageError(`--attach chỉ nhận tệp .pdf hoặc .xlsx: ${f}`)
    return { name: basename(f), base64: readNamedFiles([f], 'attachment')[0]!.toString('base64') }
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
  channels: ['packages.export', 'jobs.status'],
  async run({ values, dbPath }, io) {
    if (typeof values.period !== 'string') throw new UsageError('Thiếu --period')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    // Default (left out): every report of the catalogue that takes a year; "none" sends the data alone.
    const reports =
      values.reports === 'none'
        ? []
        : typeof values.reports === 'string'
          ? values.reports
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean)
          : undefined
    const attached = attachments(values)
    const encryptTo = typeof values['encrypt-to'] === 'string' ? values['encrypt-to'] : undefined
    return withRouter(dbPath, io, { folder: values.out, ...(encryptTo ? { open: encryptTo } : {}) }, async ({ job }) => {
      const status = await job('packages.export', {
        period: values.period as string,
        passphrase,
        ...(reports ? { reports } : {}),
        attachments: attached,
        encryptToFile: encryptTo !== undefined,
      }).catch((e: unknown) => {
        // An unknown report id is wrong usage, told before anything is built.
        if (e instanceof ApiError && e.path[0] === 'reports') throw new UsageError(e.message)
        throw e
      })
      const r = jobResult<PackageExportResult>(status, io)
      if (!r) return 1
      io.out(join(r.folder, r.cover.fileName))
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
  channels: ['packages.verify'],
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    const base64 = (paths: unknown) => readNamedFiles((paths as string[] | undefined) ?? [], 'certificate').map((b) => b.toString('base64'))
    const certificates = base64(values.trust)
    const crls = base64(values.crl)
    const secret = optionalSecret(values, io)
    const verify = async ({ call }: CliRouter) => {
      const r = await call('packages.verify', { ...(secret ? { passphrase: secret } : {}), certificates, crls })
      if (r.cancelled) return 1
      const { signer, problems, package: p } = r.report
      const title = p ? `${p.officeName} (${p.officeCode}), kỳ ${p.period}, gói số ${p.sequence}` : ''
      if (signer?.chain) io.out(`Chuỗi chứng thư: ${signer.chain.join(' ← ')}`)
      if (signer?.revocation) io.out(`Kiểm tra thu hồi: ${signer.revocation}`)
      if (problems.length === 0) {
        io.out(`Gói hợp lệ: ${title}`)
        return 0
      }
      io.out(`Gói KHÔNG hợp lệ${title ? ` (${title})` : ''}:`)
      for (const q of problems) io.out(`- ${q.message}`)
      return 1
    }
    // With certificate files, no register is needed: on an empty one the channel checks the package's bytes.
    return certificates.length ? withRouterOrScratch(dbPath, io, { open: file }, verify) : withRouter(dbPath, io, { open: file }, verify)
  },
}

const packageImport: Command = {
  name: ['package', 'import'],
  usage: 'package import GÓI.zip [--preview] [--passphrase-env BIẾN | --pin-env BIẾN]',
  summary: 'Kiểm tra rồi nhập gói vào cơ sở dữ liệu tỉnh (nhập lại cùng gói không thay đổi gì); khóa của tỉnh mở gói đã mã hóa',
  options: { preview: { type: 'boolean' }, 'passphrase-env': { type: 'string' }, 'pin-env': { type: 'string' } },
  // --preview: the window's preview; otherwise the import chosen and run at once (one pass: the
  // import checks the package and makes its plan itself; a preview first would read and stage a
  // province-sized package twice).
  channels: ['packages.pick', 'packages.importFile', 'jobs.status'],
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    const secret = optionalSecret(values, io)
    const passphrase = secret ? { passphrase: secret } : {}
    const diffLines = (diff: { table: string; added: number; changed: number; removed: number; unchanged: number }[]) => {
      for (const d of diff) io.out(`${d.table}: thêm ${d.added}, sửa ${d.changed}, bỏ ${d.removed}, giữ nguyên ${d.unchanged}`)
    }
    return withRouter(dbPath, io, { open: file }, async ({ call, job }) => {
      if (values.preview) {
        const picked = await call('packages.pick', passphrase)
        if (picked.cancelled) return 1
        diffLines(picked.preview.diff)
        for (const p of picked.preview.problems) io.out(`- ${p.message}`)
        return picked.preview.valid ? 0 : 1
      }
      const r = jobResult<PackageImportResult>(await job('packages.importFile', passphrase), io)
      if (!r) return 1
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
  // As in the window: the package is picked (checked, its sender known), then refused with the reason.
  channels: ['packages.pick', 'packages.reject'],
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp gói .zip')
    if (typeof values.comment !== 'string' || !values.comment.trim()) throw new UsageError('Thiếu --comment (lý do từ chối)')
    const comments = values.comment
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const picked = await call('packages.pick', {})
      if (picked.cancelled) return 1
      const r = await call('packages.reject', { token: picked.token, comments })
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
  channels: ['packages.sent.list', 'packages.received.list'],
  async run({ values, dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const sent = await call('packages.sent.list', {})
      const received = await call('packages.received.list', {})
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
  channels: ['packages.summary'],
  async run({ values, dbPath }, io) {
    const year = typeof values.year === 'string' ? Number(values.year) : undefined
    if (year !== undefined && !Number.isInteger(year)) throw new UsageError('--year phải là một năm, ví dụ 2025')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const r = await call('packages.summary', year === undefined ? {} : { year })
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
  channels: ['packages.receipt.create'],
  async run({ values, positionals, dbPath }, io) {
    const packageId = one(positionals, 'mã gói')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out')
    const passphrase = passphraseFrom(values, io)
    const folder = values.out
    const comments = typeof values.comment === 'string' ? { comments: values.comment } : {}
    return withRouter(dbPath, io, { folder }, async ({ call }) => {
      const r = await call('packages.receipt.create', { packageId, passphrase, ...comments })
      if (r.cancelled) return 1
      io.out(join(folder, r.fileName))
      return 0
    })
  },
}

const receiptImport: Command = {
  name: ['receipt', 'import'],
  usage: 'receipt import BIÊN_NHẬN.json',
  summary: 'Nhập biên nhận của tỉnh và cập nhật trạng thái gói đã gửi',
  options: {},
  channels: ['packages.receipt.import'],
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp biên nhận')
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const r = await call('packages.receipt.import', {})
      if (r.cancelled) return 1
      const sent = r.sent
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
