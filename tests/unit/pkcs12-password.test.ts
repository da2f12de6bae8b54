import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPkcs12 } from '../../electron/main/export/signing/pkcs12'
import { tempDir } from '../helpers/temp'

/**
 * .p12 files made by OpenSSL 3 (the machine's `openssl`, its defaults) and in the Windows way
 * (3DES, SHA-1 MAC), protected by a Vietnamese password. forge derives every key from one string;
 * OpenSSL 3 turns the password into a BMPString for the MAC and into UTF-8 bytes for PBKDF2, so the
 * right password used to be refused as a wrong one.
 */
const PASSWORD = 'Mật khẩu'

function makeP12(dir: string, name: string, password: string, extra: string[] = []): Buffer {
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '365',
      '-subj',
      '/CN=UBND xa Tan Thanh/O=UBND/C=VN',
    ],
    {
      stdio: 'ignore',
    },
  )
  const out = join(dir, name)
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', `pass:${password}`, ...extra])
  return readFileSync(out)
}

describe('a .p12 protected by a Vietnamese password', () => {
  it('OpenSSL 3 defaults (AES-256, PBKDF2, SHA-256 MAC): read with the password, refused with another', () => {
    const dir = tempDir()
    const p12 = makeP12(dir, 'openssl3.p12', PASSWORD)
    expect(
      execFileSync('openssl', ['pkcs12', '-in', join(dir, 'openssl3.p12'), '-info', '-noout', '-passin', `pass:${PASSWORD}`], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toBe('')
    const read = readPkcs12(p12, PASSWORD)
    expect(read.certificatePem).toContain('BEGIN CERTIFICATE')
    expect(read.privateKeyPkcs8.length).toBeGreaterThan(1000)
    expect(() => readPkcs12(p12, 'Mat khau')).toThrow('Mật khẩu của tệp .p12/.pfx không đúng.')
    expect(() => readPkcs12(p12, 'Mật khẩu ')).toThrow('Mật khẩu của tệp .p12/.pfx không đúng.')
  })

  it('the Windows way (3DES, SHA-1 MAC), and a password typed decomposed (NFD) for a file made composed', () => {
    const dir = tempDir()
    const p12 = makeP12(dir, 'windows.p12', PASSWORD, ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'])
    expect(readPkcs12(p12, PASSWORD).certificatePem).toContain('BEGIN CERTIFICATE')
    const aes = makeP12(dir, 'aes.p12', PASSWORD)
    expect(PASSWORD.normalize('NFD')).not.toBe(PASSWORD)
    expect(readPkcs12(aes, PASSWORD.normalize('NFD')).certificatePem).toContain('BEGIN CERTIFICATE')
  })

  it('an ASCII password reads as before; a file that is not PKCS#12 says so', () => {
    const dir = tempDir()
    expect(readPkcs12(makeP12(dir, 'ascii.p12', 'secret'), 'secret').certificatePem).toContain('BEGIN CERTIFICATE')
    expect(() => readPkcs12(Buffer.from('not a key file'), PASSWORD)).toThrow('Tệp không phải là tệp khóa PKCS#12 (.p12/.pfx) hợp lệ.')
  })
})
