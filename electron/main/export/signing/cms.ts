import { createHash, createPrivateKey, createPublicKey, sign as rsaSign, verify as verifySignature, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

/**
 * What signs. Either a key file's unsealed key (held only for one export), or a signer whose private
 * key never leaves its device (a PKCS#11 token, token.ts): `sign` returns RSA PKCS#1 v1.5 over the
 * SHA-256 of its input. `chainPems` are the issuing CA certificates (intermediate first, the root
 * may be left out) embedded next to the signer's so the receiver can build the chain.
 */
export type SigningIdentity = {
  certificatePem: string
  chainPems?: readonly string[]
} & ({ privateKeyPkcs8: Buffer; sign?: undefined } | { sign: (data: Buffer) => Buffer; privateKeyPkcs8?: undefined })

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
}

/** The signer's certificate and its CA chain, at most (the root is not needed in the file). */
export const MAX_EMBEDDED_CERTIFICATES = 6

type Node = forge.asn1.Asn1
const { Class, Type } = forge.asn1
const asn = forge.asn1.create
const seq = (v: Node[]) => asn(Class.UNIVERSAL, Type.SEQUENCE, true, v)
const set = (v: Node[]) => asn(Class.UNIVERSAL, Type.SET, true, v)
const oid = (o: string) => asn(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(o).getBytes())
const octets = (b: Buffer) => asn(Class.UNIVERSAL, Type.OCTETSTRING, false, b.toString('binary'))
const int = (n: number) => asn(Class.UNIVERSAL, Type.INTEGER, false, String.fromCharCode(n))
const nul = () => asn(Class.UNIVERSAL, Type.NULL, false, '')
const algorithm = (o: string) => seq([oid(o), nul()])
/** DER orders a SET OF by the encodings of its members. */
const sortedSet = (v: Node[]) => set([...v].sort((a, b) => Buffer.compare(der(a), der(b))))

/** The raw signature function of an identity: a token signs itself; a key file signs with node:crypto. */
function signerOf(id: SigningIdentity): (data: Buffer) => Buffer {
  if (id.sign) return id.sign
  const key = createPrivateKey({ key: id.privateKeyPkcs8, format: 'der', type: 'pkcs8' })
  return (data) => rsaSign('sha256', data, key)
}

export interface SignOptions {
  /**
   * PAdES baseline B-B (ETSI EN 319 142-1) inside a PDF: no signingTime attribute (the time is the
   * signature dictionary's /M), and the signing-certificate-v2 attribute, which every signature
   * here carries anyway.
   */
  pades?: boolean
}

/**
 * A detached CMS SignedData (RFC 5652) over `content`: SHA-256, RSA PKCS#1 v1.5, the signer's
 * certificate and its CA chain embedded, and signed attributes contentType, messageDigest,
 * signing-certificate-v2 (RFC 5035: binds the certificate, as CAdES asks) and — outside PDFs —
 * signingTime. Built here with forge's ASN.1 rather than forge.pkcs7 so that the private key can
 * stay on a token (only the signed attributes go to `sign`) and the certificates' own bytes are
 * embedded. `openssl cms -verify -binary -inform DER` and PDF readers (ETSI.CAdES.detached) check it.
 */
export function signDetached(content: Buffer, id: SigningIdentity, signingTime: Date, options: SignOptions = {}): Buffer {
  const certDer = Buffer.from(new X509Certificate(id.certificatePem).raw)
  const chainDer = (id.chainPems ?? []).map((p) => Buffer.from(new X509Certificate(p).raw))
  const certNode = parseDer(certDer)
  const tbs = kids(kids(certNode)[0])
  const offset = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0
  const serial = tbs[offset]!
  const issuer = tbs[offset + 2]!
  const attribute = (type: string, value: Node) => seq([oid(type), set([value])])
  const essCertIdV2 = seq([
    // hashAlgorithm is SHA-256 by default, so left out (DER omits a DEFAULT value).
    octets(createHash('sha256').update(certDer).digest()),
    seq([seq([asn(Class.CONTEXT_SPECIFIC, 4, true, [issuer])]), serial]),
  ])
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(createHash('sha256').update(content).digest())),
    attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
  ]
  if (!options.pades)
    attrs.push(attribute(OID.signingTime, forge.asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(signingTime))))
  const signedAttrs = sortedSet(attrs)
  const signature = signerOf(id)(der(signedAttrs))
  const signerInfo = seq([
    int(1),
    seq([issuer, serial]),
    algorithm(OID.sha256),
    asn(Class.CONTEXT_SPECIFIC, 0, true, kids(signedAttrs)),
    algorithm(OID.rsaEncryption),
    octets(signature),
  ])
  const signedData = seq([
    int(1),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    asn(Class.CONTEXT_SPECIFIC, 0, true, [certNode, ...chainDer.map(parseDer)]),
    set([signerInfo]),
  ])
  return der(seq([oid(OID.signedData), asn(Class.CONTEXT_SPECIFIC, 0, true, [signedData])]))
}

/** Why a detached signature was not accepted; the message is for the clerk. */
export class SignatureError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unsupported' | 'digest' | 'signature' | 'certificate',
    message: string,
  ) {
    super(message)
  }
}

export interface SignedBy {
  /** The certificate embedded in the signature, DER; the caller decides whether it is trusted. */
  certificateDer: Buffer
  /** The other embedded certificates, each the issuer of the one before (intermediate CAs first). */
  chainDer: Buffer[]
  signingTime: Date | null
}

const kids = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? (n.value as Node[]) : [])
const oidOf = (n: Node | undefined): string => (n && typeof n.value === 'string' ? forge.asn1.derToOid(n.value) : '')
const bytesOf = (n: Node | undefined): Buffer => Buffer.from(n && typeof n.value === 'string' ? n.value : '', 'binary')
const der = (n: Node): Buffer => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary')
// @types/node-forge only knows the old boolean second argument; forge 1.x takes these options.
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
) => Node
const parseDer = (b: Buffer): Node =>
  fromDer(forge.util.createBuffer(b.toString('binary')), { strict: true, parseAllBytes: true, decodeBitStrings: false })

/**
 * Checks a detached CMS signature over `content` and returns the signer's certificate. forge cannot
 * verify PKCS#7, so this walks the structure itself and lets node:crypto (OpenSSL) check the RSA
 * signature. Exactly one signer, SHA-256 only, signed attributes required (their messageDigest is
 * what binds the content). The signing certificate must be the embedded one that matches the
 * signer's issuer and serial; whether that certificate is trusted is the caller's decision.
 */
export function verifyDetached(cms: Buffer, content: Buffer): SignedBy {
  let root: Node
  try {
    root = parseDer(cms)
  } catch {
    throw new SignatureError('malformed', 'Tệp chữ ký không đọc được (không phải CMS/PKCS#7 hợp lệ).')
  }
  // Strict DER only: a lenient parser would let a byte change (say, a longer length form) pass
  // and still read the same structure. Our signatures are DER, so they re-encode to themselves.
  if (!der(root).equals(cms)) throw new SignatureError('malformed', 'Tệp chữ ký không theo mã hóa DER chuẩn (có thể đã bị sửa).')
  const [typeNode, wrapped] = kids(root)
  if (oidOf(typeNode) !== OID.signedData) throw new SignatureError('malformed', 'Tệp chữ ký không phải là SignedData.')
  const signedData = kids(wrapped)[0]
  const parts = kids(signedData)
  const encap = parts[2]
  // Fields outside the signed attributes are not covered by the signature: accept only their one
  // right value, so that no byte of the signature file can change without it being refused.
  const intOf = (n: Node | undefined) => (n && n.type === forge.asn1.Type.INTEGER && typeof n.value === 'string' ? n.value : null)
  if (intOf(parts[0]) !== '\x01') throw new SignatureError('malformed', 'Phiên bản SignedData không đúng.')
  const digestAlgs = kids(parts[1])
  if (digestAlgs.length !== 1 || oidOf(kids(digestAlgs[0])[0]) !== OID.sha256) {
    throw new SignatureError('unsupported', 'Chữ ký phải khai báo đúng một thuật toán băm SHA-256.')
  }
  if (oidOf(kids(encap)[0]) !== OID.data) throw new SignatureError('malformed', 'Kiểu nội dung được ký không đúng.')
  if (kids(encap).length > 1) throw new SignatureError('unsupported', 'Chữ ký phải tách rời (không chứa nội dung bên trong).')
  if (parts.length !== 5)
    throw new SignatureError('unsupported', 'Chữ ký phải kèm chứng thư số của người ký và không có danh sách thu hồi bên trong.')
  const certs = parts.filter((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0).flatMap(kids)
  if (certs.length < 1 || certs.length > MAX_EMBEDDED_CERTIFICATES)
    throw new SignatureError(
      'unsupported',
      `Chữ ký phải kèm chứng thư số của người ký và tối đa ${MAX_EMBEDDED_CERTIFICATES - 1} chứng thư CA.`,
    )
  const signerInfos = kids(parts[parts.length - 1])
  if (signerInfos.length !== 1) throw new SignatureError('unsupported', `Chữ ký phải có đúng một người ký (có ${signerInfos.length}).`)
  const si = kids(signerInfos[0])
  const [version, sid, digestAlg, signedAttrs, sigAlg, signature, ...unsigned] = si
  if (intOf(version) !== '\x01') throw new SignatureError('malformed', 'Phiên bản SignerInfo không đúng.')
  if (unsigned.length > 0) throw new SignatureError('unsupported', 'Chữ ký có thuộc tính không được ký (không chấp nhận).')
  for (const alg of [digestAlgs[0], digestAlg, sigAlg]) {
    const [, params, ...more] = kids(alg)
    const isNull = params === undefined || (params.type === forge.asn1.Type.NULL && params.value === '')
    if (!isNull || more.length) throw new SignatureError('malformed', 'Tham số thuật toán trong chữ ký không đúng.')
  }
  if (oidOf(kids(digestAlg)[0]) !== OID.sha256)
    throw new SignatureError('unsupported', 'Chữ ký không dùng SHA-256; không chấp nhận thuật toán băm yếu hơn.')
  if (!signedAttrs || signedAttrs.tagClass !== forge.asn1.Class.CONTEXT_SPECIFIC || signedAttrs.type !== 0) {
    throw new SignatureError('unsupported', 'Chữ ký thiếu thuộc tính ký (signedAttrs).')
  }
  const sigOid = oidOf(kids(sigAlg)[0])
  if (sigOid !== OID.rsaEncryption && sigOid !== OID.sha256WithRSA)
    throw new SignatureError('unsupported', 'Thuật toán chữ ký không được hỗ trợ (cần RSA).')

  const attrs = new Map<string, Node[]>()
  for (const attr of kids(signedAttrs)) {
    const [t, values] = kids(attr)
    const oid = oidOf(t)
    if (attrs.has(oid)) throw new SignatureError('malformed', 'Thuộc tính ký bị lặp.')
    attrs.set(oid, kids(values))
  }
  if (oidOf(attrs.get(OID.contentType)?.[0]) !== OID.data) throw new SignatureError('malformed', 'Thuộc tính contentType sai.')
  const digest = attrs.get(OID.messageDigest)
  if (!digest || digest.length !== 1) throw new SignatureError('malformed', 'Thiếu thuộc tính messageDigest.')
  if (!bytesOf(digest[0]).equals(createHash('sha256').update(content).digest())) {
    throw new SignatureError('digest', 'Nội dung đã bị thay đổi sau khi ký (mã băm không khớp với chữ ký).')
  }

  // The signer's certificate: the embedded one whose issuer and serial the SignerInfo names.
  const [issuer, serial] = kids(sid)
  // It comes first, and every further certificate issued the one before it: nothing embedded is
  // there for no reason, so no certificate can be added to or dropped from the file unnoticed.
  const signerCert = certs[0]!
  const signerTbs = kids(kids(signerCert)[0])
  const offset = signerTbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0 // [0] version is optional
  if (!issuer || !serial || !der(signerTbs[offset]!).equals(der(serial)) || !der(signerTbs[offset + 2]!).equals(der(issuer)))
    throw new SignatureError('certificate', 'Chữ ký không kèm chứng thư số của người ký (ở vị trí đầu).')
  const certificateDer = der(signerCert)
  const chainDer = certs.slice(1).map(der)
  let below: X509Certificate
  try {
    below = new X509Certificate(certificateDer)
    for (const next of chainDer) {
      const above = new X509Certificate(next)
      if (!below.checkIssued(above) || !below.verify(above.publicKey))
        throw new SignatureError('certificate', 'Chứng thư CA kèm trong chữ ký không phải là chứng thư đã cấp chứng thư đứng trước nó.')
      below = above
    }
  } catch (e) {
    if (e instanceof SignatureError) throw e
    throw new SignatureError('certificate', 'Chứng thư số kèm trong chữ ký không đọc được.')
  }
  const essV2 = attrs.get(OID.signingCertificateV2)
  if (essV2) {
    // SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { [hashAlgorithm], certHash, [issuerSerial] } }
    const first = kids(kids(essV2[0])[0])[0]
    const fields = kids(first)
    const hashNode = fields[0]?.type === forge.asn1.Type.OCTETSTRING ? fields[0] : fields[1]
    const algNode = fields[0]?.type === forge.asn1.Type.OCTETSTRING ? null : fields[0]
    if (
      (algNode && oidOf(kids(algNode)[0]) !== OID.sha256) ||
      !bytesOf(hashNode).equals(createHash('sha256').update(certificateDer).digest())
    )
      throw new SignatureError('certificate', 'Thuộc tính signing-certificate-v2 không khớp với chứng thư số của người ký.')
  }

  // Signed attributes are signed as a DER SET (tag 0x31), not as the [0] IMPLICIT they travel in.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, kids(signedAttrs))
  const publicKey = createPublicKey(new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'pem' }))
  if (!verifySignature('sha256', der(set), publicKey, bytesOf(signature))) {
    throw new SignatureError('signature', 'Chữ ký số không hợp lệ (không khớp với chứng thư số kèm theo).')
  }
  const time = attrs.get(OID.signingTime)?.[0]
  return { certificateDer, chainDer, signingTime: time ? readTime(time) : null }
}

function readTime(n: Node): Date | null {
  const text = typeof n.value === 'string' ? n.value : ''
  const d = n.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(text) : forge.asn1.generalizedTimeToDate(text)
  return Number.isNaN(d.getTime()) ? null : d
}
