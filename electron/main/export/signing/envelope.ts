import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  constants,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import forge from 'node-forge'

/**
 * CMS EnvelopedData (RFC 5652) for the package's data and reports: AES-256-CBC content encryption,
 * the content key wrapped for each recipient certificate with RSAES-OAEP (key transport), so that
 * `openssl cms -decrypt -inform DER -recip CERT -inkey KEY` opens it. Written as BER with
 * indefinite lengths and the ciphertext in OCTET STRING pieces, as `openssl cms -stream` does, so a
 * table of any size is encrypted on the way through (no length is needed before the end). Read
 * back by the same small streaming parser, which accepts this layout (and a definite-length one).
 * Integrity is not this file's job: the manifest hashes the encrypted bytes and is signed.
 */

type Node = forge.asn1.Asn1
const { Class, Type } = forge.asn1
const asn = forge.asn1.create
const der = (n: Node): Buffer => Buffer.from(forge.asn1.toDer(n).getBytes(), 'binary')
const kids = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? (n.value as Node[]) : [])
const oidNode = (o: string) => asn(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(o).getBytes())
const oidOf = (n: Node | undefined) => (n && typeof n.value === 'string' ? forge.asn1.derToOid(n.value) : '')
const parse = (b: Buffer): Node =>
  (forge.asn1.fromDer as unknown as (b: forge.util.ByteStringBuffer, o: object) => Node)(forge.util.createBuffer(b.toString('binary')), {
    strict: false,
    parseAllBytes: true,
    decodeBitStrings: false,
  })

const OID = {
  envelopedData: '1.2.840.113549.1.7.3',
  data: '1.2.840.113549.1.7.1',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
  rsaOaep: '1.2.840.113549.1.1.7',
}

/** Why an encrypted file could not be opened, for the clerk. */
export class EnvelopeError extends Error {}

/** The issuer and serial of a certificate, as raw DER nodes (a recipient is named by them). */
function issuerAndSerial(cert: X509Certificate): Node {
  const tbs = kids(kids(parse(Buffer.from(cert.raw)))[0])
  const offset = tbs[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0
  return asn(Class.UNIVERSAL, Type.SEQUENCE, true, [tbs[offset + 2]!, tbs[offset]!])
}

/** The header of an EnvelopedData up to the first piece of ciphertext, and the content key and IV. */
function header(recipients: readonly X509Certificate[]): { head: Buffer; key: Buffer; iv: Buffer } {
  if (recipients.length === 0) throw new EnvelopeError('Không có người nhận để mã hóa.')
  const key = randomBytes(32)
  const iv = randomBytes(16)
  const infos = recipients.map((cert) =>
    asn(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn(Class.UNIVERSAL, Type.INTEGER, false, '\x00'),
      issuerAndSerial(cert),
      // RSAES-OAEP with its default parameters (SHA-1, MGF1-SHA-1): the empty SEQUENCE.
      asn(Class.UNIVERSAL, Type.SEQUENCE, true, [oidNode(OID.rsaOaep), asn(Class.UNIVERSAL, Type.SEQUENCE, true, [])]),
      asn(
        Class.UNIVERSAL,
        Type.OCTETSTRING,
        false,
        publicEncrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING }, key).toString('binary'),
      ),
    ]),
  )
  const recipientInfos = der(asn(Class.UNIVERSAL, Type.SET, true, infos))
  const algorithm = der(
    asn(Class.UNIVERSAL, Type.SEQUENCE, true, [
      oidNode(OID.aes256cbc),
      asn(Class.UNIVERSAL, Type.OCTETSTRING, false, iv.toString('binary')),
    ]),
  )
  const head = Buffer.concat([
    Buffer.from([0x30, 0x80]),
    der(oidNode(OID.envelopedData)),
    Buffer.from([0xa0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x00]),
    recipientInfos,
    Buffer.from([0x30, 0x80]),
    der(oidNode(OID.data)),
    algorithm,
    Buffer.from([0xa0, 0x80]),
  ])
  return { head, key, iv }
}

/** Four end-of-contents pairs close [0] content, EncryptedContentInfo, EnvelopedData, [0] and ContentInfo. */
const TRAILER = Buffer.alloc(10)

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}
const piece = (data: Buffer) => Buffer.concat([Buffer.from([0x04]), lengthBytes(data.length), data])

/** Encrypts a stream to the recipients; the output is a complete BER EnvelopedData. */
export class EncryptStream extends Transform {
  private readonly cipher
  constructor(recipients: readonly X509Certificate[]) {
    super()
    const { head, key, iv } = header(recipients)
    this.cipher = createCipheriv('aes-256-cbc', key, iv)
    key.fill(0)
    this.push(head)
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out = this.cipher.update(chunk)
    if (out.length) this.push(piece(out))
    done()
  }
  override _flush(done: TransformCallback): void {
    this.push(piece(this.cipher.final()))
    this.push(TRAILER)
    done()
  }
}

/** Encrypts bytes held in memory (a report). */
export function encryptBytes(data: Buffer, recipients: readonly X509Certificate[]): Buffer {
  const { head, key, iv } = header(recipients)
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  key.fill(0)
  return Buffer.concat([head, piece(Buffer.concat([cipher.update(data), cipher.final()])), TRAILER])
}

/** Opens the content key: the recipient's private key (a key file, or a token) and certificate. */
export interface RecipientKey {
  certificatePem: string
  /** RSAES-OAEP (SHA-1) decryption of the wrapped content key. */
  unwrap(encryptedKey: Buffer): Buffer
}

export function keyFileRecipient(certificatePem: string, pkcs8: Buffer): RecipientKey {
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  return { certificatePem, unwrap: (k) => privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING }, k) }
}

/** The certificates (by issuer and serial, DER) an encrypted file is addressed to. */
export function recipientsOf(head: Buffer): Buffer[] {
  return readHeader(head)?.infos.map((i) => der(kids(i)[1]!)) ?? []
}

interface Header {
  infos: Node[]
  iv: Buffer
  /** Offset of the content: the first piece (constructed) or the ciphertext (primitive, `length`). */
  at: number
  constructed: boolean
  length: number | null
}

/** Reads a tag and length at `at`; null when more bytes are needed. */
function tl(b: Buffer, at: number): { tag: number; len: number | null; at: number } | null {
  if (at + 2 > b.length) return null
  const tag = b[at]!
  const first = b[at + 1]!
  if (first < 0x80) return { tag, len: first, at: at + 2 }
  if (first === 0x80) return { tag, len: null, at: at + 2 }
  const n = first & 0x7f
  if (n > 4) throw new EnvelopeError('Tệp mã hóa có độ dài không hợp lệ.')
  if (at + 2 + n > b.length) return null
  let len = 0
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i]!
  return { tag, len, at: at + 2 + n }
}

const MAX_HEADER = 256 * 1024

/** Parses the header once enough bytes are there; null while more are needed. */
function readHeader(b: Buffer): Header | null {
  const bad = (why: string): never => {
    throw new EnvelopeError(`Tệp không phải dữ liệu mã hóa CMS hợp lệ (${why}).`)
  }
  const step = (at: number, tag: number) => {
    const t = tl(b, at)
    if (!t) return null
    if (t.tag !== tag) bad(`thẻ ${t.tag.toString(16)} ở vị trí ${at}`)
    return t
  }
  /** A whole definite-length element at `at`. */
  const whole = (at: number, tag: number) => {
    const t = step(at, tag)
    if (!t) return null
    if (t.len === null) bad('độ dài không xác định')
    if (t.at + t.len! > b.length) return null
    return { node: parse(b.subarray(at, t.at + t.len!)), end: t.at + t.len! }
  }
  let t = step(0, 0x30)
  if (!t) return null
  const oid = whole(t.at, 0x06)
  if (!oid) return null
  if (oidOf(oid.node) !== OID.envelopedData) bad('không phải EnvelopedData')
  t = step(oid.end, 0xa0)
  if (!t) return null
  t = step(t.at, 0x30)
  if (!t) return null
  const version = whole(t.at, 0x02)
  if (!version) return null
  const infos = whole(version.end, 0x31)
  if (!infos) return null
  t = step(infos.end, 0x30)
  if (!t) return null
  const type = whole(t.at, 0x06)
  if (!type) return null
  const alg = whole(type.end, 0x30)
  if (!alg) return null
  const [algOid, iv] = kids(alg.node)
  if (oidOf(algOid) !== OID.aes256cbc) bad('chỉ hỗ trợ AES-256-CBC')
  const content = tl(b, alg.end)
  if (!content) return null
  if (content.tag !== 0xa0 && content.tag !== 0x80) bad('thiếu nội dung mã hóa')
  const ivBytes = Buffer.from(String(iv?.value ?? ''), 'binary')
  if (ivBytes.length !== 16) bad('IV không đúng')
  return { infos: kids(infos.node), iv: ivBytes, at: content.at, constructed: content.tag === 0xa0, length: content.len }
}

function contentKey(h: Header, recipient: RecipientKey): Buffer {
  const mine = der(issuerAndSerial(new X509Certificate(recipient.certificatePem)))
  const info = h.infos.find((i) => der(kids(i)[1]!).equals(mine))
  if (!info) throw new EnvelopeError('Dữ liệu được mã hóa cho chứng thư khác, không phải cho khóa của đơn vị này: không mở được.')
  const wrapped = Buffer.from(String(kids(info)[3]?.value ?? ''), 'binary')
  let key: Buffer
  try {
    key = recipient.unwrap(wrapped)
  } catch {
    throw new EnvelopeError('Không giải mã được khóa nội dung bằng khóa của đơn vị này.')
  }
  if (key.length !== 32) throw new EnvelopeError('Khóa nội dung không đúng độ dài (AES-256).')
  return key
}

/** The decryption itself, fed piece by piece: used by the stream and for bytes in memory. */
class Decryptor {
  private buf: Buffer = Buffer.alloc(0)
  private decipher: ReturnType<typeof createDecipheriv> | null = null
  private constructed = true
  private remaining: number | null = null
  private ended = false
  constructor(private readonly recipient: RecipientKey) {}

  update(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    const out: Buffer[] = []
    if (!this.decipher) {
      const h = readHeader(this.buf)
      if (!h) {
        if (this.buf.length > MAX_HEADER) throw new EnvelopeError('Phần đầu của tệp mã hóa quá lớn.')
        return out
      }
      const key = contentKey(h, this.recipient)
      this.decipher = createDecipheriv('aes-256-cbc', key, h.iv)
      key.fill(0)
      this.constructed = h.constructed
      this.remaining = h.length
      this.buf = this.buf.subarray(h.at)
    }
    while (!this.ended) {
      if (!this.constructed) {
        const take = Math.min(this.remaining ?? 0, this.buf.length)
        if (take) out.push(this.decipher.update(this.buf.subarray(0, take)))
        this.buf = this.buf.subarray(take)
        this.remaining = (this.remaining ?? 0) - take
        if (this.remaining === 0) this.ended = true
        break
      }
      const t = tl(this.buf, 0)
      if (!t) break
      if (t.tag === 0 && t.len === 0) {
        this.ended = true
        this.buf = this.buf.subarray(2)
        break
      }
      if (t.tag !== 0x04 || t.len === null) throw new EnvelopeError('Tệp mã hóa có phần nội dung không hợp lệ.')
      if (t.len > 64 * 1024 * 1024) throw new EnvelopeError('Tệp mã hóa có một phần quá lớn.')
      if (t.at + t.len > this.buf.length) break
      out.push(this.decipher.update(this.buf.subarray(t.at, t.at + t.len)))
      this.buf = this.buf.subarray(t.at + t.len)
    }
    if (this.ended && (this.buf.length > 16 || this.buf.some((byte) => byte !== 0)))
      throw new EnvelopeError('Tệp mã hóa có dữ liệu lạ sau phần nội dung.')
    return out
  }

  final(): Buffer {
    if (!this.decipher || !this.ended) throw new EnvelopeError('Tệp mã hóa bị cắt cụt (thiếu phần cuối).')
    try {
      return this.decipher.final()
    } catch {
      throw new EnvelopeError('Không giải mã được nội dung (khóa sai hoặc tệp hỏng).')
    }
  }
}

/** Decrypts a stream written by EncryptStream (or any EnvelopedData in the same shape) for `recipient`. */
export class DecryptStream extends Transform {
  private readonly d: Decryptor
  constructor(recipient: RecipientKey) {
    super()
    this.d = new Decryptor(recipient)
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      for (const b of this.d.update(chunk)) this.push(b)
      done()
    } catch (e) {
      done(e as Error)
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      this.push(this.d.final())
      done()
    } catch (e) {
      done(e as Error)
    }
  }
}

/** Decrypts bytes held in memory (a report). */
export function decryptBytes(data: Buffer, recipient: RecipientKey): Buffer {
  const d = new Decryptor(recipient)
  return Buffer.concat([...d.update(data), d.final()])
}
