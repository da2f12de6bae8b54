import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes, X509Certificate } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { createSelfSignedIdentity } from '../../electron/main/export/signing/certificate'
import { decryptBytes, DecryptStream, encryptBytes, EncryptStream, keyFileRecipient } from '../../electron/main/export/signing/envelope'
import { tempDir } from '../helpers/temp'

const province = createSelfSignedIdentity({ name: 'Sở NN&MT Ninh Bình', code: 'SO37', province: 'Ninh Bình' }, new Date())
const office = createSelfSignedIdentity({ name: 'UBND xã Tân Thành', code: '14563', province: 'Ninh Bình' }, new Date())
const other = createSelfSignedIdentity({ name: 'Sở khác', code: 'SO01', province: 'Khác' }, new Date())
const cert = (pem: string) => new X509Certificate(pem)

async function streamed(data: Buffer, transform: NodeJS.ReadWriteStream, pieceSize = 7_777): Promise<Buffer> {
  const out: Buffer[] = []
  const pieces = function* () {
    for (let i = 0; i < data.length; i += pieceSize) yield data.subarray(i, i + pieceSize)
  }
  await pipeline(Readable.from(pieces()), transform, async (src: AsyncIterable<Buffer | string>) => {
    for await (const c of src) out.push(Buffer.from(c))
  })
  return Buffer.concat(out)
}

describe('CMS EnvelopedData (package encryption)', () => {
  it('openssl cms -decrypt opens what is encrypted, streamed or whole, for each recipient; another key cannot', async () => {
    const dir = tempDir()
    const data = Buffer.concat([Buffer.from('{"citizen_id":"001203004567"}\n'), randomBytes(300_000)])
    const streamedCms = await streamed(data, new EncryptStream([cert(province.certificatePem), cert(office.certificatePem)]))
    const wholeCms = encryptBytes(data, [cert(province.certificatePem)])
    expect(streamedCms.includes(Buffer.from('001203004567'))).toBe(false)
    writeFileSync(join(dir, 'p.pem'), province.certificatePem)
    writeFileSync(
      join(dir, 'p.key'),
      execFileSync('openssl', ['pkey', '-inform', 'DER', '-outform', 'PEM'], { input: province.privateKeyPkcs8 }),
    )
    writeFileSync(
      join(dir, 'o.key'),
      execFileSync('openssl', ['pkey', '-inform', 'DER', '-outform', 'PEM'], { input: other.privateKeyPkcs8 }),
    )
    for (const [name, bytes] of [
      ['s.p7m', streamedCms],
      ['w.p7m', wholeCms],
    ] as const) {
      writeFileSync(join(dir, name), bytes)
      const r = spawnSync('openssl', [
        'cms',
        '-decrypt',
        '-binary',
        '-inform',
        'DER',
        '-in',
        join(dir, name),
        '-inkey',
        join(dir, 'p.key'),
        '-out',
        join(dir, `${name}.out`),
      ])
      expect(r.status, r.stderr.toString()).toBe(0)
      expect(execFileSync('cmp', [join(dir, `${name}.out`), '-'], { input: data }).length).toBe(0)
      const wrong = spawnSync('openssl', [
        'cms',
        '-decrypt',
        '-binary',
        '-inform',
        'DER',
        '-in',
        join(dir, name),
        '-inkey',
        join(dir, 'o.key'),
        '-out',
        '/dev/null',
      ])
      expect(wrong.status).not.toBe(0)
    }
    // Our reader: the province and the office each open it; another province is told why not.
    expect(decryptBytes(streamedCms, keyFileRecipient(province.certificatePem, province.privateKeyPkcs8)).equals(data)).toBe(true)
    expect(
      (await streamed(streamedCms, new DecryptStream(keyFileRecipient(office.certificatePem, office.privateKeyPkcs8)), 1000)).equals(data),
    ).toBe(true)
    expect(() => decryptBytes(wholeCms, keyFileRecipient(other.certificatePem, other.privateKeyPkcs8))).toThrow(/mã hóa cho chứng thư khác/)
    // openssl's own streamed output is read too.
    execFileSync('openssl', [
      'cms',
      '-encrypt',
      '-binary',
      '-stream',
      '-aes-256-cbc',
      '-recip',
      join(dir, 'p.pem'),
      '-keyopt',
      'rsa_padding_mode:oaep',
      '-outform',
      'DER',
      '-in',
      join(dir, 's.p7m.out'),
      '-out',
      join(dir, 'ossl.p7m'),
    ])
    const ossl = readFileSync(join(dir, 'ossl.p7m'))
    expect(decryptBytes(ossl, keyFileRecipient(province.certificatePem, province.privateKeyPkcs8)).equals(data)).toBe(true)
    // Cut short: refused, not silently short.
    expect(() =>
      decryptBytes(streamedCms.subarray(0, streamedCms.length - 40), keyFileRecipient(province.certificatePem, province.privateKeyPkcs8)),
    ).toThrow(/cắt cụt|giải mã/)
  })
})
