import { createHash, X509Certificate } from 'node:crypto'
import { createRequire } from 'node:module'
import type * as Pkcs11Types from 'pkcs11js'
import { formatFingerprint } from './certificate'
import type { SigningIdentity } from './cms'

/**
 * Signing with a USB token (PKCS#11): the token vendor's library (a .dll on Windows, a .so here),
 * loaded through pkcs11js. The private key never leaves the token: the token hashes and signs
 * (CKM_SHA256_RSA_PKCS) the CMS signed attributes. The PIN is passed in for one login and not kept.
 * pkcs11js is loaded when a token is first used, so that a PC without it (or a CLI command that
 * does not sign) never loads the native module.
 */

/** Where the certificate to sign with is: the module, the slot (index in the list of slots with a token) or token label, the certificate's CKA_ID. */
export interface TokenRef {
  module: string
  slot?: number | undefined
  tokenLabel?: string | undefined
  /** CKA_ID in hex; the first certificate with a matching private key when absent. */
  certId?: string | undefined
}

export interface TokenCertificate {
  id: string
  label: string
  subject: string
  fingerprint: string
  pem: string
  notAfter: string
}

export interface TokenInfo {
  slot: number
  label: string
  manufacturer: string
  model: string
  serial: string
  certificates: TokenCertificate[]
}

/** Why the token could not be used, for the clerk. */
export class TokenError extends Error {}

type Pkcs11Module = typeof Pkcs11Types
let binding: Pkcs11Module | null = null
function pkcs11js(): Pkcs11Module {
  if (!binding) {
    try {
      binding = createRequire(import.meta.url)('pkcs11js') as Pkcs11Module
    } catch (e) {
      throw new TokenError(`Không nạp được thư viện PKCS#11 của ứng dụng (pkcs11js): ${(e as Error).message}`)
    }
  }
  return binding
}

const MESSAGES: Record<string, string> = {
  CKR_PIN_INCORRECT: 'Mã PIN của token không đúng.',
  CKR_PIN_LOCKED: 'Token đã bị khóa do nhập sai mã PIN quá số lần cho phép; hãy liên hệ tổ chức cấp chứng thư để mở khóa.',
  CKR_PIN_LEN_RANGE: 'Mã PIN của token không đúng độ dài.',
  CKR_PIN_EXPIRED: 'Mã PIN của token đã hết hạn; hãy đổi PIN bằng phần mềm của nhà cung cấp token.',
  CKR_TOKEN_NOT_PRESENT: 'Không thấy token: hãy cắm token vào máy.',
  CKR_DEVICE_REMOVED: 'Token đã bị rút ra trong khi ký.',
  CKR_DEVICE_ERROR: 'Token báo lỗi thiết bị.',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'Khóa trên token không được phép dùng để ký.',
  CKR_MECHANISM_INVALID: 'Token không hỗ trợ ký RSA SHA-256.',
  CKR_FUNCTION_CANCELED: 'Việc ký trên token đã bị hủy.',
}

/** A pkcs11js error as Vietnamese words (its message starts with the CKR_ name). */
function explain(e: unknown, what: string): TokenError {
  if (e instanceof TokenError) return e
  const text = (e as Error)?.message ?? String(e)
  const name = /CKR_[A-Z_]+/.exec(text)?.[0]
  return new TokenError(name && MESSAGES[name] ? MESSAGES[name] : `${what}: ${text}`)
}

const trimmed = (s: string) => s.replace(/\0/g, '').trim()

/** The slots holding an initialised token (an empty reader or a blank token signs nothing). */
function tokenSlots(p: Pkcs11Types.PKCS11, m: Pkcs11Module): Buffer[] {
  return p.C_GetSlotList(true).filter((s) => {
    try {
      return (p.C_GetTokenInfo(s).flags & m.CKF_TOKEN_INITIALIZED) !== 0
    } catch {
      return false
    }
  })
}

/** Runs `fn` with the module loaded and initialised, and always finalises it. */
function withModule<T>(module: string, fn: (p: Pkcs11Types.PKCS11, m: Pkcs11Module) => T): T {
  const m = pkcs11js()
  const p = new m.PKCS11()
  try {
    p.load(module)
  } catch (e) {
    throw new TokenError(
      `Không nạp được thư viện PKCS#11 "${module}" (thư viện của token, do trình điều khiển token cài): ${(e as Error).message}`,
    )
  }
  try {
    p.C_Initialize()
  } catch (e) {
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((e as Error).message)) throw explain(e, 'Không khởi động được thư viện token')
  }
  try {
    return fn(p, m)
  } finally {
    try {
      p.C_Finalize()
    } catch {
      // finalising is best effort; the process may close the library itself
    }
    p.close()
  }
}

function findObjects(p: Pkcs11Types.PKCS11, session: Buffer, template: Pkcs11Types.Template): Buffer[] {
  p.C_FindObjectsInit(session, template)
  try {
    return p.C_FindObjects(session, 64)
  } finally {
    p.C_FindObjectsFinal(session)
  }
}

function certificatesOn(p: Pkcs11Types.PKCS11, m: Pkcs11Module, session: Buffer): TokenCertificate[] {
  const out: TokenCertificate[] = []
  for (const h of findObjects(p, session, [{ type: m.CKA_CLASS, value: m.CKO_CERTIFICATE }])) {
    const [id, label, value] = p.C_GetAttributeValue(session, h, [{ type: m.CKA_ID }, { type: m.CKA_LABEL }, { type: m.CKA_VALUE }])
    const der = value?.value as Buffer | undefined
    if (!der) continue
    let x509: X509Certificate
    try {
      x509 = new X509Certificate(der)
    } catch {
      continue
    }
    out.push({
      id: (id?.value as Buffer | undefined)?.toString('hex') ?? '',
      label: (label?.value as Buffer | undefined)?.toString('utf8') ?? '',
      subject: x509.subject.replace(/\n/g, ', '),
      fingerprint: formatFingerprint(createHash('sha256').update(x509.raw).digest('hex')),
      pem: x509.toString(),
      notAfter: new Date(x509.validTo).toISOString(),
    })
  }
  return out
}

/** Every token the module sees, with the certificates readable without a PIN. */
export function listTokens(module: string): TokenInfo[] {
  return withModule(module, (p, m) => {
    let slots: Buffer[]
    try {
      slots = tokenSlots(p, m)
    } catch (e) {
      throw explain(e, 'Không đọc được danh sách token')
    }
    return slots.map((slot, index) => {
      const info = p.C_GetTokenInfo(slot)
      const session = p.C_OpenSession(slot, m.CKF_SERIAL_SESSION)
      try {
        return {
          slot: index,
          label: trimmed(info.label),
          manufacturer: trimmed(info.manufacturerID),
          model: trimmed(info.model),
          serial: trimmed(info.serialNumber),
          certificates: certificatesOn(p, m, session),
        }
      } finally {
        p.C_CloseSession(session)
      }
    })
  })
}

function pickSlot(p: Pkcs11Types.PKCS11, m: Pkcs11Module, ref: TokenRef): Buffer {
  const slots = tokenSlots(p, m)
  if (slots.length === 0) throw new TokenError('Không thấy token nào: hãy cắm token vào máy.')
  if (ref.tokenLabel !== undefined) {
    const found = slots.find((s) => trimmed(p.C_GetTokenInfo(s).label) === ref.tokenLabel)
    if (!found)
      throw new TokenError(
        `Không thấy token có nhãn "${ref.tokenLabel}". Các token đang cắm: ${slots.map((s) => trimmed(p.C_GetTokenInfo(s).label)).join(', ')}.`,
      )
    return found
  }
  const slot = slots[ref.slot ?? 0]
  if (!slot) throw new TokenError(`Không có token ở vị trí ${ref.slot} (có ${slots.length} token).`)
  return slot
}

/**
 * Logs in to the token and returns an identity that signs on it, and `close` to log out. Checks
 * that the chosen certificate has its private key on the token. The PIN is used for the login only.
 */
export function openTokenIdentity(
  ref: TokenRef,
  pin: string,
): SigningIdentity & {
  close: () => void
  certId: string
  tokenLabel: string
  otherCertificates: string[]
  decrypt: (data: Buffer) => Buffer
} {
  const m = pkcs11js()
  const p = new m.PKCS11()
  try {
    p.load(ref.module)
  } catch (e) {
    throw new TokenError(`Không nạp được thư viện PKCS#11 "${ref.module}": ${(e as Error).message}`)
  }
  let session: Buffer | null = null
  let loggedIn = false
  const close = () => {
    try {
      if (session && loggedIn) p.C_Logout(session)
      if (session) p.C_CloseSession(session)
      p.C_Finalize()
    } catch {
      // closing is best effort
    }
    p.close()
  }
  try {
    try {
      p.C_Initialize()
    } catch (e) {
      if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((e as Error).message)) throw e
    }
    const slot = pickSlot(p, m, ref)
    const tokenLabel = trimmed(p.C_GetTokenInfo(slot).label)
    session = p.C_OpenSession(slot, m.CKF_SERIAL_SESSION)
    if (!pin) throw new TokenError('Chưa nhập mã PIN của token.')
    p.C_Login(session, m.CKU_USER, pin)
    loggedIn = true
    const s = session
    const certs = certificatesOn(p, m, s)
    const keyFor = (id: string) =>
      findObjects(p, s, [
        { type: m.CKA_CLASS, value: m.CKO_PRIVATE_KEY },
        { type: m.CKA_ID, value: Buffer.from(id, 'hex') },
      ])[0]
    const wanted = ref.certId?.toLowerCase()
    const cert = wanted !== undefined ? certs.find((c) => c.id === wanted) : certs.find((c) => keyFor(c.id))
    if (!cert) {
      throw new TokenError(
        ref.certId !== undefined
          ? `Token "${tokenLabel}" không có chứng thư số mã ${ref.certId}.`
          : `Token "${tokenLabel}" không có chứng thư số nào kèm khóa bí mật.`,
      )
    }
    const key = keyFor(cert.id)
    if (!key) throw new TokenError(`Token "${tokenLabel}" có chứng thư mã ${cert.id} nhưng không có khóa bí mật tương ứng.`)
    return {
      certificatePem: cert.pem,
      certId: cert.id,
      tokenLabel,
      otherCertificates: certs.filter((c) => c !== cert).map((c) => c.pem),
      /** RSAES-OAEP (SHA-1) on the token: opens a package's content key (export/signing/envelope.ts). */
      decrypt(data: Buffer): Buffer {
        const oaep: Pkcs11Types.RsaOAEP = { type: m.CK_PARAMS_RSA_OAEP, hashAlg: m.CKM_SHA_1, mgf: m.CKG_MGF1_SHA1, source: 1 }
        try {
          p.C_DecryptInit(
            s,
            {
              mechanism: m.CKM_RSA_PKCS_OAEP,
              parameter: oaep,
            },
            key,
          )
          return Buffer.from(p.C_Decrypt(s, data, Buffer.alloc(1024)))
        } catch (e) {
          throw explain(e, 'Token không giải mã được')
        }
      },
      sign(data: Buffer): Buffer {
        try {
          p.C_SignInit(s, { mechanism: m.CKM_SHA256_RSA_PKCS }, key)
          return Buffer.from(p.C_Sign(s, data, Buffer.alloc(1024)))
        } catch (e) {
          throw explain(e, 'Token không ký được')
        }
      },
      close,
    }
  } catch (e) {
    close()
    throw explain(e, 'Không dùng được token')
  }
}

/**
 * The issuers of `certificatePem` among `candidates`, intermediate first, up to (not including) a
 * self-signed root: what goes into each signature so the receiver, who may trust only the root,
 * can build the chain. Tokens from Vietnamese CAs usually carry these certificates.
 */
export function chainFrom(certificatePem: string, candidates: readonly string[]): string[] {
  const pool = candidates.map((p) => new X509Certificate(p))
  const out: string[] = []
  let current = new X509Certificate(certificatePem)
  for (let i = 0; i < 5; i++) {
    const issuer = pool.find((c) => c.ca && current.checkIssued(c) && current.verify(c.publicKey))
    if (!issuer || issuer.subject === issuer.issuer) break
    out.push(issuer.toString())
    current = issuer
  }
  return out
}
