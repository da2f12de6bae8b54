import { createHash, createPublicKey, verify as verifySignature, X509Certificate } from 'node:crypto'
import forge from 'node-forge'
import { localToday } from '@shared/domain/deadline'
import type { Problem } from '@shared/domain/packages'
import { formatDate } from '@shared/text/format'
import { formatFingerprint } from './certificate'

/**
 * Trust through certification authorities, offline: a signer's certificate is accepted when it
 * chains (through the CA certificates embedded in the signature) to a CA this installation trusts,
 * every certificate on the way is a CA allowed to issue, the signer's key usage allows signing,
 * and no imported CRL says it was revoked before it signed. Pure: the caller passes the trusted CAs,
 * the CRLs and the clocks.
 */

export const fingerprintOf = (c: X509Certificate) => formatFingerprint(createHash('sha256').update(c.raw).digest('hex'))
const nameOf = (c: X509Certificate) => /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ', ')
const day = (d: Date) => formatDate(localToday(d))

type Node = forge.asn1.Asn1
const kids = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? (n.value as Node[]) : [])
const der = (n: Node): Buffer => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary')
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Node
const parse = (b: Buffer): Node =>
  fromDer(forge.util.createBuffer(b.toString('binary')), { strict: false, parseAllBytes: true, decodeBitStrings: false })
const oidOf = (n: Node | undefined) => (n && typeof n.value === 'string' ? forge.asn1.derToOid(n.value) : '')

/** The PEM blocks of a type in a text, as DER. */
function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g')
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))
}

/**
 * Reads the certificates of a CA file as CAs hand them out: PEM (one or several), DER (.cer), or a
 * PKCS#7 bundle (.p7b/.p7c, DER or PEM). Throws a Vietnamese message when there is none.
 */
export function readCertificateFile(bytes: Buffer): X509Certificate[] {
  const text = bytes.toString('latin1')
  const ders = [...pemBlocks(text, 'CERTIFICATE'), ...pemBlocks(text, 'X509 CERTIFICATE')]
  const p7 = [...pemBlocks(text, 'PKCS7'), ...pemBlocks(text, 'CMS')]
  if (ders.length === 0 && p7.length === 0) {
    try {
      return [new X509Certificate(bytes)]
    } catch {
      p7.push(bytes)
    }
  }
  for (const b of p7) {
    try {
      // ContentInfo { signedData, [0] SignedData { version, digestAlgs, encap, [0] certificates … } }
      const signedData = kids(kids(kids(parse(b))[1])[0])
      const certs = signedData.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0)
      ders.push(...kids(certs).map(der))
    } catch {
      // not PKCS#7 either: reported below
    }
  }
  const out: X509Certificate[] = []
  for (const d of ders) {
    try {
      out.push(new X509Certificate(d))
    } catch {
      throw new Error('Tệp có một chứng thư số không đọc được.')
    }
  }
  if (out.length === 0) throw new Error('Tệp không chứa chứng thư số nào (cần .cer, .crt, .pem hoặc .p7b).')
  return out
}

export interface KeyUsage {
  digitalSignature: boolean
  nonRepudiation: boolean
  keyEncipherment: boolean
  dataEncipherment: boolean
  keyAgreement: boolean
  keyCertSign: boolean
  cRLSign: boolean
}

/** The keyUsage extension's bits, or null when the certificate has none (then any use is allowed). */
export function keyUsageOf(c: X509Certificate): KeyUsage | null {
  const cert = parse(Buffer.from(c.raw))
  const tbs = kids(kids(cert)[0])
  const extsWrap = tbs.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3)
  for (const ext of kids(kids(extsWrap)[0])) {
    const parts = kids(ext)
    if (oidOf(parts[0]) !== '2.5.29.15') continue
    const octets = parts[parts.length - 1]!
    const bits = parse(Buffer.from(octets.value as string, 'binary'))
    const raw = Buffer.from(bits.value as string, 'binary') // first byte: unused bits
    const b0 = raw[1] ?? 0
    return {
      digitalSignature: !!(b0 & 0x80),
      nonRepudiation: !!(b0 & 0x40),
      keyEncipherment: !!(b0 & 0x20),
      dataEncipherment: !!(b0 & 0x10),
      keyAgreement: !!(b0 & 0x08),
      keyCertSign: !!(b0 & 0x04),
      cRLSign: !!(b0 & 0x02),
    }
  }
  return null
}

/** A certificate revocation list, read and checked against its issuer. */
export interface Crl {
  issuerDer: Buffer
  issuerText: string
  thisUpdate: Date
  nextUpdate: Date | null
  /** The CRL number extension (RFC 5280 5.2.3), rising with each CRL a CA issues; null when absent. */
  number: bigint | null
  /** serial (upper-case hex, no leading zeros) → when and why. */
  entries: Map<string, { revokedAt: Date; reason: string | null }>
  tbsDer: Buffer
  signatureOid: string
  signature: Buffer
}

const REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  '',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
]
const REASON_VI: Record<string, string> = {
  unspecified: 'không nêu lý do',
  keyCompromise: 'lộ khóa bí mật',
  cACompromise: 'tổ chức chứng thực bị lộ khóa',
  affiliationChanged: 'thay đổi cơ quan',
  superseded: 'đã được thay bằng chứng thư khác',
  cessationOfOperation: 'ngừng hoạt động',
  certificateHold: 'tạm dừng',
  privilegeWithdrawn: 'bị rút quyền',
  aACompromise: 'bị lộ khóa',
}
export const reasonText = (r: string | null) => (r ? (REASON_VI[r] ?? r) : 'không nêu lý do')
/** Revocations that make every signature of the key doubtful, whatever time it claims. */
const COMPROMISE = new Set(['keyCompromise', 'cACompromise', 'aACompromise'])

const serialKey = (hex: string) => hex.replace(/^0+/, '').toUpperCase() || '0'

function readTime(n: Node | undefined): Date | null {
  if (!n || typeof n.value !== 'string') return null
  if (n.type === forge.asn1.Type.UTCTIME) return forge.asn1.utcTimeToDate(n.value)
  if (n.type === forge.asn1.Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(n.value)
  return null
}

/** Whether CRL a was issued after b: by thisUpdate, then by CRL number (thisUpdate has whole seconds). */
function newerCrl(a: Crl, b: Crl): boolean {
  if (a.thisUpdate.getTime() !== b.thisUpdate.getTime()) return a.thisUpdate > b.thisUpdate
  return a.number !== null && b.number !== null && a.number > b.number
}

/** Reads a CRL (DER .crl or PEM); throws a Vietnamese message when it is not one. */
export function readCrl(bytes: Buffer): Crl {
  const pem = pemBlocks(bytes.toString('latin1'), 'X509 CRL')
  const raw = pem[0] ?? bytes
  try {
    const [tbs, sigAlg, sig] = kids(parse(raw))
    const f = kids(tbs)
    let i = f[0]?.type === forge.asn1.Type.INTEGER ? 1 : 0 // version is optional
    i++ // signature algorithm
    const issuer = f[i++]!
    const thisUpdate = readTime(f[i++])
    let nextUpdate: Date | null = null
    if (f[i] && (f[i]!.type === forge.asn1.Type.UTCTIME || f[i]!.type === forge.asn1.Type.GENERALIZEDTIME)) nextUpdate = readTime(f[i++])
    const entries = new Map<string, { revokedAt: Date; reason: string | null }>()
    const list = f[i] && f[i]!.tagClass === forge.asn1.Class.UNIVERSAL && f[i]!.type === forge.asn1.Type.SEQUENCE ? f[i] : undefined
    for (const e of kids(list)) {
      const [serial, when, exts] = kids(e)
      let reason: string | null = null
      for (const ext of kids(exts)) {
        const parts = kids(ext)
        if (oidOf(parts[0]) !== '2.5.29.21') continue
        const code = parse(Buffer.from(parts[parts.length - 1]!.value as string, 'binary')).value as string
        reason = REASONS[code.charCodeAt(0)] ?? null
      }
      entries.set(serialKey(Buffer.from(serial!.value as string, 'binary').toString('hex')), { revokedAt: readTime(when)!, reason })
    }
    if (list) i++
    let number: bigint | null = null
    const extensions = f[i] && f[i]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && f[i]!.type === 0 ? kids(f[i])[0] : undefined
    for (const ext of kids(extensions)) {
      const parts = kids(ext)
      if (oidOf(parts[0]) !== '2.5.29.20') continue
      const value = parse(Buffer.from(parts[parts.length - 1]!.value as string, 'binary')).value as string
      number = BigInt(`0x${Buffer.from(value, 'binary').toString('hex') || '0'}`)
    }
    const bits = Buffer.from(sig!.value as string, 'binary')
    if (!thisUpdate) throw new Error('no thisUpdate')
    return {
      issuerDer: der(issuer),
      issuerText: nameText(issuer),
      thisUpdate,
      nextUpdate,
      number,
      entries,
      tbsDer: der(tbs!),
      signatureOid: oidOf(kids(sigAlg)[0]),
      signature: bits.subarray(1),
    }
  } catch {
    throw new Error('Tệp không phải là danh sách chứng thư bị thu hồi (CRL) hợp lệ.')
  }
}

function nameText(name: Node): string {
  const parts: string[] = []
  for (const rdn of kids(name))
    for (const atv of kids(rdn)) {
      const [t, v] = kids(atv)
      if (oidOf(t) === '2.5.4.3') parts.push(forge.util.decodeUtf8(String(v?.value ?? '')))
    }
  return parts.join(', ')
}

const HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
}

/** The CA's raw subject Name (DER), to match a CRL's or a certificate's issuer. */
export function subjectDer(c: X509Certificate): Buffer {
  const tbs = kids(kids(parse(Buffer.from(c.raw)))[0])
  const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  return der(tbs[offset + 4]!)
}
function issuerDer(c: X509Certificate): Buffer {
  const tbs = kids(kids(parse(Buffer.from(c.raw)))[0])
  const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  return der(tbs[offset + 2]!)
}

/** Whether `crl` was signed by `ca` (and `ca` may sign CRLs). */
export function crlSignedBy(crl: Crl, ca: X509Certificate): boolean {
  if (!crl.issuerDer.equals(subjectDer(ca))) return false
  const hash = HASHES[crl.signatureOid]
  if (!hash) return false
  const usage = keyUsageOf(ca)
  if (usage && !usage.cRLSign) return false
  return verifySignature(hash, crl.tbsDer, createPublicKey(ca.publicKey.export({ type: 'spki', format: 'pem' })), crl.signature)
}

export interface ChainInput {
  signer: X509Certificate
  /** The CA certificates embedded in the signature (each the issuer of the one before). */
  embedded: X509Certificate[]
  /** The CAs this installation trusts (roots, and intermediates registered directly). */
  anchors: X509Certificate[]
  crls: Crl[]
  signingTime: Date | null
  now: Date
}

export interface ChainResult {
  /** The path from the signer to the trusted CA, by common name. */
  path: string[]
  anchorFingerprint: string | null
  problems: Problem[]
  /** What the revocation check found, in words (printed by `package verify`). */
  revocation: string
}

const usageText = (u: KeyUsage) =>
  Object.entries(u)
    .filter(([, on]) => on)
    .map(([k]) => k)
    .join(', ') || 'không có'

/** Builds and checks the chain; see the file's comment. */
export function checkChain(input: ChainInput): ChainResult {
  const problems: Problem[] = []
  const who = nameOf(input.signer)
  const at = input.signingTime ?? input.now
  const path: X509Certificate[] = [input.signer]
  let anchor: X509Certificate | null = null
  const issued = (child: X509Certificate, ca: X509Certificate) => child.checkIssued(ca) && child.verify(ca.publicKey)
  for (let depth = 0; depth < 8 && !anchor; depth++) {
    const current = path[path.length - 1]!
    anchor = input.anchors.find((a) => issued(current, a)) ?? null
    if (anchor) break
    if (input.anchors.some((a) => a.raw.equals(current.raw)) && current !== input.signer) {
      anchor = current
      path.pop()
      break
    }
    const next = input.embedded.find((c) => !path.includes(c) && issued(current, c))
    if (!next) break
    path.push(next)
  }
  if (!anchor) {
    const top = path[path.length - 1]!
    const issuerName = /(?:^|\n)CN=([^\n]*)/.exec(top.issuer)?.[1] ?? top.issuer.replace(/\n/g, ', ')
    problems.push({
      code: 'signer.untrusted-ca',
      message:
        `Chứng thư số của ${who} do "${issuerName}" cấp, nhưng tổ chức chứng thực này không nằm trong danh sách được tin cậy ` +
        '(chưa nhập chứng thư CA gốc của nó): không nhận.',
    })
    return { path: path.map(nameOf), anchorFingerprint: null, problems, revocation: 'không kiểm tra (chuỗi chứng thư không được tin cậy)' }
  }
  const full = [...path, anchor]

  // The signer may sign; every CA above it may issue, and was valid when the signature was made.
  const usage = keyUsageOf(input.signer)
  if (usage && !usage.digitalSignature && !usage.nonRepudiation) {
    problems.push({
      code: 'signer.key-usage',
      message: `Chứng thư số của ${who} không được phép dùng để ký số (mục đích sử dụng khóa: ${usageText(usage)}): không nhận.`,
    })
  }
  for (const ca of full.slice(1)) {
    const u = keyUsageOf(ca)
    if (!ca.ca || (u && !u.keyCertSign)) {
      problems.push({
        code: 'ca.not-ca',
        message: `Chứng thư "${nameOf(ca)}" trong chuỗi không phải của tổ chức chứng thực (không được phép cấp chứng thư): không nhận.`,
      })
    }
    const from = new Date(ca.validFrom)
    const to = new Date(ca.validTo)
    if (at < from || at > to || input.now < from) {
      problems.push({
        code: 'ca.expired',
        message: `Chứng thư của tổ chức chứng thực "${nameOf(ca)}" không còn hiệu lực vào thời điểm ký (hiệu lực ${day(from)} – ${day(to)}): không nhận.`,
      })
    }
  }

  // Revocation, offline, from the CRLs imported: every certificate below the trusted CA.
  const notes: string[] = []
  for (let i = 0; i < full.length - 1; i++) {
    const cert = full[i]!
    const ca = full[i + 1]!
    const crls = input.crls.filter((c) => c.issuerDer.equals(issuerDer(cert)) && crlSignedBy(c, ca))
    if (crls.length === 0) {
      notes.push(`chưa có CRL của "${nameOf(ca)}" (không kiểm tra được ${nameOf(cert)})`)
      continue
    }
    const crl = crls.reduce((a, b) => (newerCrl(b, a) ? b : a))
    // A revocation stays on every later CRL (RFC 5280 3.3), so one found on any CRL of this CA
    // counts even when the newest cannot be told apart (two CRLs issued within the same second and
    // without numbers); only a hold can be lifted.
    const key = serialKey(cert.serialNumber)
    const entry =
      crl.entries.get(key) ??
      crls.map((c) => c.entries.get(key)).find((e) => e && e.reason !== 'certificateHold' && e.reason !== 'removeFromCRL')
    const stale = crl.nextUpdate && crl.nextUpdate < input.now ? `, đã quá hạn cập nhật ${day(crl.nextUpdate)}` : ''
    if (!entry) {
      notes.push(`${nameOf(cert)}: không bị thu hồi theo CRL của "${nameOf(ca)}" ngày ${day(crl.thisUpdate)}${stale}`)
      continue
    }
    const before = !input.signingTime || entry.revokedAt <= input.signingTime
    if (before || (entry.reason && COMPROMISE.has(entry.reason))) {
      problems.push({
        code: 'signer.revoked',
        message:
          `Chứng thư số của ${nameOf(cert)} (số hiệu ${cert.serialNumber}) đã bị "${nameOf(ca)}" thu hồi ngày ${day(entry.revokedAt)} ` +
          `(lý do: ${reasonText(entry.reason)})` +
          (before
            ? `${input.signingTime ? `, trước thời điểm ký ${day(input.signingTime)}` : ''}: không nhận.`
            : ': khóa bị lộ nên mọi chữ ký bằng nó đều không tin được, không nhận.'),
      })
    } else {
      notes.push(`${nameOf(cert)}: bị thu hồi ngày ${day(entry.revokedAt)} (${reasonText(entry.reason)}), sau thời điểm ký`)
    }
  }
  return { path: full.map(nameOf), anchorFingerprint: fingerprintOf(anchor), problems, revocation: notes.join('; ') }
}

/**
 * Whether a certificate is bound to an office code by its subject: O is the code, or an attribute
 * holds it (as "MNS:…"/"MST:…" codes do in Vietnamese CA certificates).
 */
export function subjectNamesOffice(c: X509Certificate, officeCode: string): boolean {
  if (!officeCode) return false
  for (const line of c.subject.split('\n')) {
    const value = line.slice(line.indexOf('=') + 1).trim()
    if (value === officeCode || value.endsWith(`:${officeCode}`)) return true
  }
  return false
}
