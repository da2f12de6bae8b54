import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

export interface Pkcs12Contents {
  certificatePem: string
  privateKeyPkcs8: Buffer
}

/**
 * Reads a .p12/.pfx from a certification authority (or `openssl pkcs12 -export`): the private key
 * and the certificate that matches it. forge reads OpenSSL 3's default (AES-256-CBC + PBKDF2) files.
 */
export function readPkcs12(bytes: Buffer, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')))
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password)
  } catch (e) {
    const text = String((e as Error).message ?? e)
    if (/mac|password|decrypt/i.test(text)) throw new Error('Mật khẩu của tệp .p12/.pfx không đúng.', { cause: e })
    throw new Error('Tệp không phải là tệp khóa PKCS#12 (.p12/.pfx) hợp lệ.', { cause: e })
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
