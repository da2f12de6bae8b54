import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

export interface Pkcs12Contents {
  certificatePem: string
  privateKeyPkcs8: Buffer
}

/**
 * Reads a .p12/.pfx from a certification authority (or `openssl pkcs12 -export`): the private key
 * and the certificate that matches it. forge reads OpenSSL 3's default (AES-256-CBC + PBKDF2) files.
 *
 * A password outside ASCII ("Mật khẩu") is turned into bytes differently by each key derivation,
 * and forge hands every derivation the same string, so it is tried the ways real files are made
 * (`passwordForms`); a wrong password fails them all.
 */
export function readPkcs12(bytes: Buffer, password: string): Pkcs12Contents {
  let asn1: forge.asn1.Asn1
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')))
  } catch (e) {
    throw new Error('Tệp không phải là tệp khóa PKCS#12 (.p12/.pfx) hợp lệ.', { cause: e })
  }
  let p12: forge.pkcs12.Pkcs12Pfx | null = null
  let first: unknown = null
  for (const form of passwordForms(password)) {
    try {
      p12 = form.macSeparately ? openWithMacChecked(asn1, form.mac, form.decrypt) : forge.pkcs12.pkcs12FromAsn1(asn1, false, form.decrypt)
      break
    } catch (e) {
      first ??= e
    }
  }
  if (!p12) {
    const text = String((first as Error).message ?? first)
    if (/mac|password|decrypt/i.test(text)) throw new Error('Mật khẩu của tệp .p12/.pfx không đúng.', { cause: first })
    throw new Error('Tệp không phải là tệp khóa PKCS#12 (.p12/.pfx) hợp lệ.', { cause: first })
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ]
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []
  const key = keyBags.find((b) => b.key)?.key
  if (!key) throw new Error('Tệp .p12/.pfx không chứa khóa bí mật.')
  const keyPem = forge.pki.privateKeyToPem(key)
  const privateKey = createPrivateKey(keyPem)
  const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  // A CA file often carries the chain too: keep the certificate whose public key is ours.
  for (const bag of certBags) {
    if (!bag.cert) continue
    const pem = forge.pki.certificateToPem(bag.cert)
    const x509 = new X509Certificate(pem)
    if (x509.publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer)) {
      return { certificatePem: x509.toString(), privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }) }
    }
  }
  throw new Error('Tệp .p12/.pfx không có chứng thư số khớp với khóa bí mật.')
}

interface PasswordForm {
  /** The string forge gets for the MAC (PKCS#12 KDF: forge takes its UTF-16 code units, a BMPString). */
  mac: string
  /** The string forge gets for the decryption (PBKDF2 takes it as bytes; PKCS#12 PBE as a BMPString). */
  decrypt: string
  macSeparately: boolean
}

/**
 * The ways a password becomes bytes in real files, tried in this order:
 * 1. the text itself everywhere: any ASCII password, and Windows's 3DES files (a BMPString of the text);
 * 2. its UTF-8 bytes everywhere: OpenSSL 1.x, which made the BMPString from each UTF-8 byte;
 * 3. OpenSSL 3 and recent Windows (AES + PBKDF2): a BMPString of the text for the MAC, UTF-8 bytes
 *    for PBKDF2.
 * Each for the text as typed, composed (NFC) and decomposed (NFD).
 */
function passwordForms(password: string): PasswordForm[] {
  const forms: PasswordForm[] = []
  // As typed first; then composed and decomposed, as another keyboard may have typed the same letters.
  for (const text of new Set([password, password.normalize('NFC'), password.normalize('NFD')])) {
    const utf8 = forge.util.encodeUtf8(text)
    forms.push({ mac: text, decrypt: text, macSeparately: false })
    if (utf8 !== text) forms.push({ mac: utf8, decrypt: utf8, macSeparately: false }, { mac: text, decrypt: utf8, macSeparately: true })
  }
  return forms
}

/** Checks the PFX's MAC with `macPassword` (as forge would), then opens it without the MAC, decrypting with `password`. */
function openWithMacChecked(asn1: forge.asn1.Asn1, macPassword: string, password: string): forge.pkcs12.Pkcs12Pfx {
  const pfx = asn1.value as forge.asn1.Asn1[]
  const macData = pfx[2]
  if (!macData) throw new Error('PKCS#12 has no MAC')
  const [digestInfo, salt, iterations] = macData.value as forge.asn1.Asn1[]
  const [algorithm, digest] = digestInfo!.value as forge.asn1.Asn1[]
  const oid = forge.asn1.derToOid((algorithm!.value as forge.asn1.Asn1[])[0]!.value as string)
  const mds: Record<string, () => forge.md.MessageDigest> = {
    [forge.pki.oids.sha1!]: () => forge.md.sha1.create(),
    [forge.pki.oids.sha256!]: () => forge.md.sha256.create(),
    [forge.pki.oids.sha384!]: () => forge.md.sha384.create(),
    [forge.pki.oids.sha512!]: () => forge.md.sha512.create(),
  }
  const md = mds[oid]?.()
  if (!md) throw new Error(`PKCS#12 MAC algorithm ${oid} not supported`)
  const count = iterations ? parseInt(forge.util.bytesToHex(iterations.value as string), 16) : 1
  // The authenticated content: the OCTET STRING inside authSafe's [0], as forge reads it.
  const content = ((pfx[1]!.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!
  const data = Array.isArray(content.value) ? content.value.map((c) => c.value as string).join('') : (content.value as string)
  const key = forge.pkcs12.generateKey(macPassword, forge.util.createBuffer(salt!.value as string), 3, count, md.digestLength, md)
  const hmac = forge.hmac.create()
  hmac.start(md, key)
  hmac.update(data)
  if (hmac.digest().getBytes() !== digest!.value) throw new Error('PKCS#12 MAC could not be verified. Invalid password?')
  const withoutMac = forge.asn1.create(asn1.tagClass, asn1.type, asn1.constructed, pfx.slice(0, 2))
  return forge.pkcs12.pkcs12FromAsn1(withoutMac, false, password)
}
