import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

/** Who a certificate names, as the office and the province read it on screen. */
export interface CertificateSubject {
  /** CN: the office's name (UTF-8, e.g. "UBND xã Tân Thành"). */
  name: string
  /** O: the office's code; the province binds packages to this code. */
  code: string
  /** ST: the province's name (or its code when no name was given). */
  province: string
}

export interface CertificateInfo {
  subject: CertificateSubject
  /** SHA-256 of the DER certificate, upper-case hex in pairs ("AB:CD:…"), read aloud by phone. */
  fingerprint: string
  serial: string
  notBefore: string
  notAfter: string
  selfSigned: boolean
  pem: string
}

export interface GeneratedIdentity {
  certificatePem: string
  /** Unencrypted PKCS#8 DER: the caller encrypts it at once (key-vault.ts) and drops this buffer. */
  privateKeyPkcs8: Buffer
}

/**
 * RSA-2048 from node:crypto (OpenSSL, ~100 ms) rather than forge's pure-JS generator (seconds on a
 * slow PC); forge then builds the X.509 certificate, which node:crypto cannot do.
 * keyUsage is digitalSignature + nonRepudiation, as for a document-signing certificate.
 */
export function createSelfSignedIdentity(subject: CertificateSubject, now: Date, years = 5): GeneratedIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pkcs8Pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const key = forge.pki.privateKeyFromPem(pkcs8Pem) as forge.pki.rsa.PrivateKey
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  // A positive 16-byte serial: clear the top bit so DER does not read it as negative.
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7f
  cert.serialNumber = serial.toString('hex')
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000)
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 3600 * 1000)
  const attrs = subjectAttributes(subject)
  cert.setSubject(attrs)
  cert.setIssuer(attrs)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ])
  cert.sign(key, forge.md.sha256.create())
  return {
    certificatePem: forge.pki.certificateToPem(cert),
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  }
}

function subjectAttributes(s: CertificateSubject): forge.pki.CertificateField[] {
  // Tagged UTF8String: forge encodes the JS string to UTF-8 itself (encoding it first would double it).
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class })
  return [
    { name: 'commonName', ...utf8(s.name) },
    { name: 'organizationName', ...utf8(s.code) },
    { name: 'stateOrProvinceName', ...utf8(s.province) },
    { name: 'countryName', value: 'VN' },
  ]
}

/** Reads a PEM or DER certificate; throws a Vietnamese message when it is not one. */
export function readCertificate(bytes: Buffer | string): CertificateInfo {
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(bytes)
  } catch {
    throw new Error('Tệp không phải là chứng thư số X.509 (PEM hoặc DER).')
  }
  return {
    subject: parseSubject(x509.subject),
    fingerprint: formatFingerprint(createHash('sha256').update(x509.raw).digest('hex')),
    serial: x509.serialNumber,
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    // checkIssued() also wants keyCertSign, which a signing-only certificate rightly lacks.
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    pem: x509.toString(),
  }
}

/** node:crypto prints the subject one "KEY=value" per line, with UTF-8 already decoded. */
function parseSubject(text: string): CertificateSubject {
  const fields = new Map<string, string>()
  for (const line of text.split('\n')) {
    const at = line.indexOf('=')
    if (at > 0 && !fields.has(line.slice(0, at))) fields.set(line.slice(0, at), line.slice(at + 1))
  }
  return { name: fields.get('CN') ?? '', code: fields.get('O') ?? '', province: fields.get('ST') ?? '' }
}

export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':')
}

/** Accepts a fingerprint as typed or read aloud: any case, with or without colons or spaces. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:-]/g, '').toLowerCase()
  return /^[0-9a-f]{64}$/.test(hex) ? formatFingerprint(hex) : null
}
