import { readSmallInputFile } from '../../main/export/input/input-file'
import { listTokens, TokenError } from '../../main/export/signing/token'
import { useToken } from '../../main/services/packages/keys'
import { addCrl, addTrustedCas, listTrustedCas } from '../../main/services/packages/trust'
import { UsageError, type Command } from '../command'
import { one, passphraseFrom, withDb } from './packages-shared'

const keysTokenList: Command = {
  name: ['keys', 'token-list'],
  usage: 'keys token-list --module THƯ_VIỆN_PKCS11 (.dll/.so của token)',
  summary: 'Các token đang cắm và chứng thư số trên mỗi token (không cần PIN)',
  options: { module: { type: 'string' } },
  async run({ values }, io) {
    if (typeof values.module !== 'string') throw new UsageError('Thiếu --module (thư viện PKCS#11 do trình điều khiển token cài)')
    let tokens: ReturnType<typeof listTokens>
    try {
      tokens = listTokens(values.module)
    } catch (e) {
      if (!(e instanceof TokenError)) throw e
      io.err(e.message)
      return 1
    }
    if (tokens.length === 0) io.out('Không thấy token nào: hãy cắm token vào máy.')
    for (const t of tokens) {
      io.out(`Vị trí ${t.slot}: token "${t.label}" (${t.manufacturer} ${t.model}, số sê-ri ${t.serial})`)
      for (const c of t.certificates) {
        io.out(`  chứng thư mã ${c.id || '(không có)'}  ${c.subject}  hết hạn ${c.notAfter.slice(0, 10)}`)
        io.out(`    dấu vân tay SHA-256: ${c.fingerprint}`)
      }
    }
    return 0
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
  async run({ values, dbPath }, io) {
    if (typeof values.module !== 'string') throw new UsageError('Thiếu --module (thư viện PKCS#11 do trình điều khiển token cài)')
    if (values.slot !== undefined && values['token-label'] !== undefined) throw new UsageError('Chỉ chọn một trong --slot và --token-label')
    const slot = values.slot === undefined ? undefined : Number(values.slot)
    if (slot !== undefined && (!Number.isInteger(slot) || slot < 0)) throw new UsageError('--slot là số thứ tự token (0, 1, …)')
    const pin = passphraseFrom(values, io, 'pin-env')
    return withDb(dbPath, io, async (ctx) => {
      const key = await useToken(ctx, {
        module: values.module as string,
        slot,
        tokenLabel: values['token-label'] as string | undefined,
        certId: values['cert-id'] as string | undefined,
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
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp chứng thư CA')
    return withDb(dbPath, io, async (ctx) => {
      const added = await addTrustedCas(ctx, readSmallInputFile(file))
      if (added.length === 0) io.out('Các chứng thư CA trong tệp đã được tin cậy từ trước.')
      for (const c of added) {
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
  async run({ positionals, dbPath }, io) {
    const file = one(positionals, 'tệp CRL')
    return withDb(dbPath, io, async (ctx) => {
      const crl = await addCrl(ctx, readSmallInputFile(file))
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
  async run({ dbPath }, io) {
    return withDb(dbPath, io, async (ctx) => {
      for (const c of await listTrustedCas(ctx))
        io.out(`${c.selfSigned ? 'gốc' : 'trung gian'}  ${c.name}  đến ${c.notAfter.slice(0, 10)}  ${c.fingerprint}`)
      return 0
    })
  },
}

/** `keys token-list|use-token`, `trust add-ca|add-crl|list-ca` (issue 18). */
export const tokenAndCaCommands: Command[] = [keysTokenList, keysUseToken, trustAddCa, trustAddCrl, trustListCa]
