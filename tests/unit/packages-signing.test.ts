import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSelfSignedIdentity, normalizeFingerprint, readCertificate } from '../../electron/main/export/signing/certificate'
import { signDetached, verifyDetached, SignatureError } from '../../electron/main/export/signing/cms'
import { openPrivateKey, sealPrivateKey, WrongPassphraseError } from '../../electron/main/export/signing/key-vault'
import { readPkcs12 } from '../../electron/main/export/signing/pkcs12'
import { tempDir } from '../helpers/temp'

const SUBJECT = { name: 'UBND xã Tân Thành', code: '14563', province: 'Ninh Bình' }
const identity = createSelfSignedIdentity(SUBJECT, new Date('2026-03-01T00:00:00Z'))

function opensslVerify(dir: string, content: Buffer, cms: Buffer, certPem: string): number {
  writeFileSync(join(dir, 'm.json'), content)
  writeFileSync(join(dir, 'm.json.p7s'), cms)
  writeFileSync(join(dir, 'cert.pem'), certPem)
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'm.json.p7s'), '-content', join(dir, 'm.json')]
  return spawnSync('openssl', [...args, '-CAfile', join(dir, 'cert.pem'), '-out', '/dev/null'], { encoding: 'utf8' }).status ?? -1
}

describe('office certificate', () => {
  it('names the office (UTF-8), is self-signed for signing only, and openssl reads it the same way', () => {
    const info = readCertificate(identity.certificatePem)
    expect(info.subject).toEqual(SUBJECT)
    expect(info.selfSigned).toBe(true)
    expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    const dir = tempDir()
    writeFileSync(join(dir, 'c.pem'), identity.certificatePem)
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus'], {
      encoding: 'utf8',
    })
    expect(text).toContain('CN=UBND xã Tân Thành')
    expect(text).toMatch(/Digital Signature, Non Repudiation/)
    const fp = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' })
    expect(fp.trim().split('=')[1]).toBe(info.fingerprint)
    expect(normalizeFingerprint(info.fingerprint.replace(/:/g, ' ').toLowerCase())).toBe(info.fingerprint)
    expect(normalizeFingerprint('AB:CD')).toBeNull()
  })
})

describe('detached CMS signature', () => {
  const content = Buffer.from('{"office":"14563","note":"Tân Thành"}')
  const cms = signDetached(content, identity, new Date('2026-03-02T00:00:00Z'))

  it('verifies here and with openssl cms -verify against the certificate; openssl refuses a changed byte', () => {
    const signed = verifyDetached(cms, content)
    expect(readCertificate(signed.certificateDer).fingerprint).toBe(readCertificate(identity.certificatePem).fingerprint)
    expect(signed.signingTime?.toISOString()).toBe('2026-03-02T00:00:00.000Z')
    const dir = tempDir()
    expect(opensslVerify(dir, content, cms, identity.certificatePem)).toBe(0)
    const changed = Buffer.from(content)
    changed[5] = changed[5]! ^ 1
    expect(opensslVerify(dir, changed, cms, identity.certificatePem)).not.toBe(0)
  })

  it('refuses changed content, a changed signature byte, and garbage', () => {
    const changed = Buffer.from(content)
    changed[0] = 0x5b
    expect(() => verifyDetached(cms, changed)).toThrow(/đã bị thay đổi/)
    // Flip one byte of the RSA signature value (the last bytes of the structure).
    const badSig = Buffer.from(cms)
    badSig[badSig.length - 10] = badSig[badSig.length - 10]! ^ 0xff
    expect(() => verifyDetached(badSig, content)).toThrow(SignatureError)
    expect(() => verifyDetached(Buffer.from('not a signature'), content)).toThrow(/không đọc được/)
    // A signature made by another key over the same content verifies, but names another certificate.
    const other = createSelfSignedIdentity({ ...SUBJECT, code: '99999' }, new Date())
    const signedByOther = verifyDetached(signDetached(content, other, new Date()), content)
    expect(readCertificate(signedByOther.certificateDer).subject.code).toBe('99999')
  })
})

describe('key storage and PKCS#12 import', () => {
  it('seals the private key under a passphrase; the plain key bytes are not in the sealed form', () => {
    const sealed = sealPrivateKey(identity.privateKeyPkcs8, 'mật khẩu dài', 'fp')
    expect(JSON.stringify(sealed)).not.toContain(identity.privateKeyPkcs8.toString('base64').slice(0, 40))
    expect(openPrivateKey(sealed, 'mật khẩu dài', 'fp').equals(identity.privateKeyPkcs8)).toBe(true)
    expect(() => openPrivateKey(sealed, 'sai mật khẩu', 'fp')).toThrow(WrongPassphraseError)
    expect(() => openPrivateKey(sealed, 'mật khẩu dài', 'another-certificate')).toThrow(WrongPassphraseError)
  })

  it('imports an OpenSSL 3 .p12 (key + matching certificate) and refuses a wrong password', () => {
    const dir = tempDir()
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '365',
        '-subj',
        '/CN=Test CA Office/O=14563/C=VN',
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation',
      ],
      { stdio: 'pipe' },
    )
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'key.pem'),
      '-in',
      join(dir, 'cert.pem'),
      '-out',
      join(dir, 's.p12'),
      '-passout',
      'pass:secret',
    ])
    const p12 = readFileSync(join(dir, 's.p12'))
    const contents = readPkcs12(p12, 'secret')
    expect(readCertificate(contents.certificatePem).subject.code).toBe('14563')
    const content = Buffer.from('xin chào')
    const cms = signDetached(content, contents, new Date())
    expect(opensslVerify(dir, content, cms, readFileSync(join(dir, 'cert.pem'), 'utf8'))).toBe(0)
    expect(() => readPkcs12(p12, 'wrong')).toThrow(/Mật khẩu/)
    expect(() => readPkcs12(Buffer.from('garbage'), 'x')).toThrow(/PKCS#12/)
  })
})
