import type { Command } from '../command'
import { withRouter } from '../router'
import { one, passphraseFrom } from './packages-shared'

const keysCreate: Command = {
  name: ['keys', 'create'],
  usage: 'keys create --passphrase-env BIẾN [--replace]',
  summary: 'Tạo khóa ký và chứng thư số tự ký mang tên đơn vị',
  options: { 'passphrase-env': { type: 'string' }, replace: { type: 'boolean' } },
  channels: ['packages.key.create'],
  async run({ values, dbPath }, io) {
    const passphrase = passphraseFrom(values, io)
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const key = await call('packages.key.create', { passphrase, replace: values.replace === true })
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
  channels: ['packages.key.importP12'],
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp .p12/.pfx')
    const passphrase = passphraseFrom(values, io)
    const p12Password = values['p12-passphrase-env'] ? passphraseFrom(values, io, 'p12-passphrase-env') : passphrase
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const r = await call('packages.key.importP12', { p12Password, passphrase, replace: values.replace === true })
      if (r.cancelled) return 1
      io.out(`Đã nhập khóa của ${r.key.name} (${r.key.code}). Dấu vân tay SHA-256: ${r.key.fingerprint}`)
      return 0
    })
  },
}

const keysExportCert: Command = {
  name: ['keys', 'export-cert'],
  usage: 'keys export-cert RA.pem',
  summary: 'Lưu chứng thư số (không có khóa bí mật) để gửi cấp trên, in dấu vân tay',
  options: {},
  channels: ['packages.key.exportCert'],
  async run({ positionals, dbPath }, io) {
    const out = one(positionals, 'tệp đích')
    return withRouter(dbPath, io, { save: out }, async ({ call }) => {
      const r = await call('packages.key.exportCert', { chooseName: true })
      if (r.cancelled) return 1
      io.out(`Đã lưu ${out}`)
      io.out(`Dấu vân tay SHA-256 (đọc qua điện thoại để xác nhận): ${r.fingerprint}`)
      return 0
    })
  },
}

const keysShow: Command = {
  name: ['keys', 'show'],
  usage: 'keys show',
  summary: 'Khóa ký đang dùng',
  options: {},
  channels: ['packages.key.get'],
  async run({ dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const key = await call('packages.key.get', {})
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

const trustAdd: Command = {
  name: ['trust', 'add'],
  usage: 'trust add CHỨNG_THƯ.pem [--fingerprint DẤU_VÂN_TAY] [--office-code MÃ]',
  summary: 'Đăng ký chứng thư của đơn vị (tỉnh) hoặc của tỉnh (đơn vị); --fingerprint phải khớp',
  options: { fingerprint: { type: 'string' }, 'office-code': { type: 'string' } },
  channels: ['packages.trust.pick', 'packages.trust.add'],
  async run({ values, positionals, dbPath }, io) {
    const file = one(positionals, 'tệp chứng thư')
    const typed = values.fingerprint as string | undefined
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      // As in the window: the certificate is read first, then registered against the fingerprint
      // read over the phone. Without --fingerprint the command confirms what it read (and says so).
      const picked = await call('packages.trust.pick', {})
      if (picked.cancelled) return 1
      const t = await call('packages.trust.add', {
        token: picked.token,
        confirmFingerprint: typed ?? picked.certificate.fingerprint,
        ...(typeof values['office-code'] === 'string' ? { officeCode: values['office-code'] } : {}),
      })
      io.out(`Đã đăng ký ${t.name} (${t.officeCode}). Dấu vân tay SHA-256: ${t.fingerprint}`)
      if (typed === undefined) io.out('Lưu ý: chưa đối chiếu dấu vân tay; hãy xác nhận qua điện thoại với đơn vị.')
      return 0
    })
  },
}

const trustList: Command = {
  name: ['trust', 'list'],
  usage: 'trust list [--json]',
  summary: 'Các chứng thư đã đăng ký và gói đã nhận từ mỗi đơn vị',
  options: { json: { type: 'boolean' } },
  channels: ['packages.trust.list'],
  async run({ values, dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const list = await call('packages.trust.list', {})
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
  channels: ['packages.trust.revoke'],
  async run({ values, positionals, dbPath }, io) {
    const fingerprint = one(positionals, 'dấu vân tay')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const t = await call('packages.trust.revoke', { fingerprint, reason: (values.reason as string | undefined) ?? '' })
      io.out(`Đã thu hồi chứng thư của ${t.name} (${t.officeCode}).`)
      return 0
    })
  },
}

/** `keys …` and `trust …`: this installation's signing key and the certificates it trusts. */
export const keyAndTrustCommands: Command[] = [keysCreate, keysImport, keysExportCert, keysShow, trustAdd, trustList, trustRevoke]
