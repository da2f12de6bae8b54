import { createHash, createPrivateKey, createPublicKey, verify as verifySignature, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

/** What signs: the unsealed key and its certificate, held only for the duration of one export. */
export interface SigningIdentity {
  privateKeyPkcs8: Buffer
  certificatePem: string
}

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
}

/**
 * A detached CMS SignedData (RFC 5652) over `content`: SHA-256, RSA PKCS#1 v1.5, the signer's
 * certificate embedded, and signed attributes contentType, messageDigest and signingTime. This is
 * what `openssl cms -verify -binary -inform DER` and PDF readers (adbe.pkcs7.detached) expect.
 */
export function signDetached(content: Buffer, id: SigningIdentity, signingTime: Date): Buffer {
  const key = forge.pki.privateKeyFromPem(
    createPrivateKey({ key: id.privateKeyPkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString(),
  )
  const cert = forge.pki.certificateFromPem(id.certificatePem)
  const p7 = forge.pkcs7.createSignedData()
  p7.content = forge.util.createBuffer(content.toString('binary'))
  p7.addCertificate(cert)
  p7.addSigner({
    key,
    certificate: cert,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: signingTime as unknown as string },
    ],
  })
  p7.sign({ detached: true })
  const root = p7.toAsn1()
  // forge re-encodes names it has parsed, and its SignerInfo issuer doubles the UTF-8 of a Vietnamese
  // name, so OpenSSL would not find the signer. Put the certificate's own bytes back: the certificate
  // as issued, and the issuer exactly as it stands in it (sid is not covered by the signature).
  const certNode = parseDer(Buffer.from(new X509Certificate(id.certificatePem).raw))
  const tbs = kids(kids(certNode)[0])
  const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0
  const parts = kids(kids(kids(root)[1])[0])
  const certs = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0)
  if (certs) certs.value = [certNode]
  const sid = kids(kids(kids(parts[parts.length - 1])[0])[1])
  sid[0] = tbs[offset + 2]!
  return der(root)
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
  signingTime: Date | null
}

type Node = forge.asn1.Asn1
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
    throw new SignatureError('unsupported', 'Chữ ký phải có đúng một chứng thư số kèm theo và không có danh sách thu hồi.')
  const certs = parts.filter((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0).flatMap(kids)
  if (certs.length !== 1) throw new SignatureError('unsupported', 'Chữ ký phải kèm đúng một chứng thư số (của người ký).')
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
  const signerCert = certs.find((c) => {
    const tbs = kids(kids(c)[0])
    const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0 // [0] version is optional
    return issuer && serial && der(tbs[offset]!).equals(der(serial)) && der(tbs[offset + 2]!).equals(der(issuer))
  })
  if (!signerCert) throw new SignatureError('certificate', 'Chữ ký không kèm chứng thư số của người ký.')
  const certificateDer = der(signerCert)

  // Signed attributes are signed as a DER SET (tag 0x31), not as the [0] IMPLICIT they travel in.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, kids(signedAttrs))
  const publicKey = createPublicKey(new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'pem' }))
  if (!verifySignature('sha256', der(set), publicKey, bytesOf(signature))) {
    throw new SignatureError('signature', 'Chữ ký số không hợp lệ (không khớp với chứng thư số kèm theo).')
  }
  const time = attrs.get(OID.signingTime)?.[0]
  return { certificateDer, signingTime: time ? readTime(time) : null }
}

function readTime(n: Node): Date | null {
  const text = typeof n.value === 'string' ? n.value : ''
  const d = n.type === forge.asn1.Type.UTCTIME ? forge.asn1.utcTimeToDate(text) : forge.asn1.generalizedTimeToDate(text)
  return Number.isNaN(d.getTime()) ? null : d
}
