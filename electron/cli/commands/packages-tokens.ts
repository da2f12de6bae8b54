import { UsageError, type Command } from '../command'
import { withRouter } from '../router'
import { one, passphraseFrom, withRouterOrScratch } from './packages-shared'

const keysTokenList: Command = {
  name: ['keys', 'token-list'],
  usage: 'keys token-list --module THƯ_VIỆN_PKCS11 (.dll/.so của token)',
  summary: 'Các token đang cắm và chứng thư số trên mỗi token (không cần PIN)',
  options: { module: { type: 'string' } },
  channels: ['packages.token.list'],
  async run({ values, dbPath }, io) {
    if (typeof values.module !== 'string') throw new UsageError('Thiếu --module (thư viện PKCS#11 do trình điều khiển token cài)')
    // Listing reads only the token: it works before the register exists.
    return withRouterOrScratch(dbPath, io, { open: values.module }, async ({ call }) => {
      const listed = await call('packages.token.list', {})
      if (listed.cancelled) return 1
      if (listed.tokens.length === 0) io.out('Không thấy token nào: hãy cắm token vào máy.')
      for (const t of listed.tokens) {
        io.out(`Vị trí ${t.slot}: token "${t.label}" (${t.manufacturer} ${t.model}, số sê-ri ${t.serial})`)
        for (const c of t.certificates) {
          io.out(`  chứng thư mã ${c.id || '(không có)'}  ${c.subject}  hết hạn ${c.notAfter.slice(0, 10)}`)
          io.out(`    dấu vân tay SHA-256: ${c.fingerprint}`)
        }
      }
      return 0
    })
  },
}

const keysUseToken: Command = {
  name: ['keys', 'use-token'],
  usage: 'keys use-token --module THƯ_VIỆN (--slot N | --token-label NHÃN) [--cert-id MÃ] --pin-env BIẾN [--replace]',
  summary: 'Ký bằng chứng thư trên USB token (PIN lấy từ biến môi trường, không lưu)',
  options: {
    module: { type: 'string' },
    slot: { type: 'string' },
    'token-label': { type: 'string' },
    'cert-id': { type: 'string' },
    'pin-env': { type: 'string' },
    replace: { type: 'boolean' },
  },
  // As in the window: the module's tokens are listed, then one of them is chosen with the PIN.
  channels: ['packages.token.list', 'packages.token.use'],
  async run({ values, dbPath }, io) {
    if (typeof values.module !== 'string') throw new UsageError('Thiếu --module (thư viện PKCS#11 do trình điều khiển token cài)')
    if (values.slot !== undefined && values['token-label'] !== undefined) throw new UsageError('Chỉ chọn một trong --slot và --token-label')
    const slot = values.slot === undefined ? undefined : Number(values.slot)
    if (slot !== undefined && (!Number.isInteger(slot) || slot < 0)) throw new UsageError('--slot là số thứ tự token (0, 1, …)')
    const pin = passphraseFrom(values, io, 'pin-env')
    return withRouter(dbPath, io, { open: values.module }, async ({ call }) => {
      const listed = await call('packages.token.list', {})
      if (listed.cancelled) return 1
      let tokenLabel = values['token-label'] as string | undefined
      if (slot !== undefined) {
        const token = listed.tokens.find((t) => t.slot === slot)
        if (!token) {
          io.err(`Không có token ở vị trí ${slot} (có ${listed.tokens.length} token).`)
          return 1
        }
        tokenLabel = token.label
      }
      const key = await call('packages.token.use', {
        module: listed.module,
        ...(tokenLabel !== undefined ? { tokenLabel } : {}),
        ...(typeof values['cert-id'] === 'string' ? { certId: values['cert-id'] } : {}),
        pin,
        replace: values.replace === true,
      })
      io.out(`Đã chọn chứng thư trên token để ký: ${key.name} (${key.code}), hiệu lực đến ${key.notAfter.slice(0, 10)}.`)
      io.out(`Dấu vân tay SHA-256: ${key.fingerprint}`)
      if (!key.officeNamed)
        io.out(
          'Lưu ý: chứng thư không ghi mã đơn vị này; tỉnh cần đăng ký nó cho đơn vị (trust add … --office-code) sau khi xác nhận dấu vân tay.',
        )
      return 0
    })
  },
}

const trustAddCa: Command = {
  name: ['trust', 'add-ca'],
  usage: 'trust add-ca TỆP (.cer/.crt/.pem/.p7b: chứng thư CA gốc hoặc trung gian)',
  summary: 'Tin cậy một tổ chức chứng thực: nhận chữ ký của chứng thư do nó cấp',
  options: {},
  channels: ['packages.trust.addCa'],
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp chứng thư CA')
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const r = await call('packages.trust.addCa', {})
      if (r.cancelled) return 1
      if (r.added.length === 0) io.out('Các chứng thư CA trong tệp đã được tin cậy từ trước.')
      for (const c of r.added) {
        io.out(
          `Đã tin cậy ${c.selfSigned ? 'CA gốc' : 'CA trung gian'} "${c.name}", hiệu lực ${c.notBefore.slice(0, 10)} – ${c.notAfter.slice(0, 10)}.`,
        )
        io.out(`Dấu vân tay SHA-256 (đối chiếu với dấu vân tay tổ chức chứng thực công bố): ${c.fingerprint}`)
      }
      return 0
    })
  },
}

const trustAddCrl: Command = {
  name: ['trust', 'add-crl'],
  usage: 'trust add-crl TỆP.crl',
  summary: 'Nhập danh sách chứng thư bị thu hồi (CRL) do tổ chức chứng thực công bố',
  options: {},
  channels: ['packages.trust.addCrl'],
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp CRL')
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const r = await call('packages.trust.addCrl', {})
      if (r.cancelled) return 1
      const crl = r.crl
      io.out(
        `Đã nhập CRL của "${crl.issuer}" ngày ${crl.thisUpdate.slice(0, 10)}${crl.nextUpdate ? `, cập nhật tiếp trước ${crl.nextUpdate.slice(0, 10)}` : ''}: ${crl.entries} chứng thư bị thu hồi.`,
      )
      if (!crl.checkedNow) io.out('Chữ ký của CRL sẽ được kiểm tra với chứng thư CA trung gian đi kèm mỗi gói.')
      return 0
    })
  },
}

const trustListCa: Command = {
  name: ['trust', 'list-ca'],
  usage: 'trust list-ca',
  summary: 'Các tổ chức chứng thực được tin cậy',
  options: {},
  channels: ['packages.trust.listCa'],
  async run({ dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      for (const c of await call('packages.trust.listCa', {}))
        io.out(`${c.selfSigned ? 'gốc' : 'trung gian'}  ${c.name}  đến ${c.notAfter.slice(0, 10)}  ${c.fingerprint}`)
      return 0
    })
  },
}

/** `keys token-list|use-token`, `trust add-ca|add-crl|list-ca` (issue 18). */
export const tokenAndCaCommands: Command[] = [keysTokenList, keysUseToken, trustAddCa, trustAddCrl, trustListCa]
