import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { openPrivateKey, SealedKeySchema } from '../../electron/main/export/signing/key-vault'
import type { ServiceContext } from '../../electron/main/services/context'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, sampleReports, seedOffice } from './packages-fixture'

/** The private key of a test installation as a PEM file, for openssl (a test reads it from its own database). */
function keyFile(ctx: ServiceContext, file: string): string {
  const row = ctx.store.sqlite.prepare('select sealed_key_json, fingerprint from signing_keys where active = 1').get() as {
    sealed_key_json: string
    fingerprint: string
  }
  const der = openPrivateKey(SealedKeySchema.parse(JSON.parse(row.sealed_key_json)), PASSPHRASE, row.fingerprint)
  writeFileSync(file, execFileSync('openssl', ['pkey', '-inform', 'DER', '-outform', 'PEM'], { input: der }))
  return file
}

describe('packages only the province can open (CMS EnvelopedData)', () => {
  it('encrypts data and reports to the registered province and the office; openssl decrypts; no citizen ID on the stick; another province cannot open it', async () => {
    const office = await tempContext()
    const province = await tempContext()
    const otherProvince = await tempContext()
    await seedOffice(office, { code: '14563', name: 'Tân Thành', villages: 1 })
    await generateDemoData(office, { households: 60, seed: 11, years: [2025] })
    await seedOffice(province, { code: 'SO37', name: 'Sở NN&MT Ninh Bình', mode: 'province' })
    await seedOffice(otherProvince, { code: 'SO01', name: 'Sở NN&MT Hà Nội', mode: 'province' })
    const officeCert = await exportOwnCertificate(office)
    const provinceCert = await exportOwnCertificate(province)
    await addTrusted(province, { pem: officeCert.pem, confirmFingerprint: officeCert.fingerprint })
    await addTrusted(otherProvince, { pem: officeCert.pem, confirmFingerprint: officeCert.fingerprint })
    await addTrusted(office, { pem: provinceCert.pem, confirmFingerprint: provinceCert.fingerprint })

    const ids = office.store.sqlite.prepare("select citizen_id from household_members where citizen_id <> ''").pluck().all() as string[]
    expect(ids.length).toBeGreaterThan(50)
    const usb = tempDir('sgn-usb-')
    const out = await exportPackage(office, { period: '2025', outDir: usb, passphrase: PASSPHRASE, reportFiles: sampleReports })
    expect(out.cover.encryptedTo).toEqual([provinceCert.fingerprint, officeCert.fingerprint])

    // What a finder of the stick sees: unzip everything, grep -c for every citizen ID finds none.
    const dir = tempDir()
    const unzipped = join(dir, 'unzipped')
    mkdirSync(unzipped)
    execFileSync('unzip', ['-q', out.path, '-d', unzipped])
    writeFileSync(join(dir, 'ids.txt'), `${ids.join('\n')}\n`)
    const grep = spawnSync('grep', ['-r', '-c', '-F', '-f', join(dir, 'ids.txt'), unzipped], { encoding: 'utf8' })
    expect(grep.stdout.split('\n').filter((l) => l && !l.endsWith(':0'))).toEqual([])
    const manifest = JSON.parse(readFileSync(join(unzipped, 'manifest.json'), 'utf8')) as {
      encryptedTo: string[]
      files: { name: string }[]
    }
    expect(manifest.encryptedTo).toHaveLength(2)

    // openssl: the manifest signature, then each file decrypted with the province's key.
    writeFileSync(join(dir, 'o.pem'), officeCert.pem)
    const verified = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        join(unzipped, 'manifest.json.p7s'),
        '-content',
        join(unzipped, 'manifest.json'),
        '-CAfile',
        join(dir, 'o.pem'),
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    )
    expect(verified.status, verified.stderr).toBe(0)
    const provinceKey = keyFile(province, join(dir, 'province.key'))
    const decrypt = (name: string) => {
      const r = spawnSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', join(unzipped, name), '-inkey', provinceKey])
      expect(r.status, `${name}: ${r.stderr.toString()}`).toBe(0)
      return r.stdout
    }
    const members = gunzipSync(decrypt('du-lieu/household_members.jsonl.gz')).toString('utf8')
    expect(members).toContain(ids[0]!)
    // The same grep finds them once decrypted: the check above can fail.
    writeFileSync(join(dir, 'members.jsonl'), members)
    expect(
      Number(spawnSync('grep', ['-c', '-F', '-f', join(dir, 'ids.txt'), join(dir, 'members.jsonl')], { encoding: 'utf8' }).stdout),
    ).toBe(ids.length)
    const pdfName = manifest.files.find((f) => f.name.endsWith('.pdf'))!.name
    writeFileSync(join(dir, 'report.pdf'), decrypt(pdfName))
    expect(spawnSync('pdfsig', [join(dir, 'report.pdf')], { encoding: 'utf8' }).stdout).toContain('Signature is Valid.')
    // Another province's key cannot.
    const otherKey = keyFile(otherProvince, join(dir, 'other.key'))
    expect(
      spawnSync('openssl', ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', join(unzipped, pdfName), '-inkey', otherKey]).status,
    ).not.toBe(0)

    // The province: without its passphrase the package is not opened; with it, it imports.
    const zip = readFileSync(out.path)
    const locked = await previewImport(province, zip)
    expect(locked.valid).toBe(false)
    expect(locked.problems.map((p) => p.code)).toEqual(['package.encrypted'])
    await expect(importPackage(province, zip, 'sai mật khẩu')).rejects.toThrow(/Mật khẩu khóa không đúng/)
    const imported = await importPackage(province, zip, PASSPHRASE)
    expect(imported.status).toBe('imported')
    expect(province.store.sqlite.prepare('select count(*) from household_members where citizen_id = ?').pluck().get(ids[0])).toBe(1)
    // Another province that trusts the office still cannot open it, and says why.
    const elsewhere = await previewImport(otherProvince, zip, PASSPHRASE)
    expect(elsewhere.problems.map((p) => p.code)).toEqual(['package.not-for-us'])
    expect(elsewhere.problems[0]!.message).toContain('không phải cho khóa của đơn vị này')

    // Tampering with an encrypted file is caught before anything is decrypted.
    const entries = readZip(zip)
    const body = entries.get('du-lieu/household_members.jsonl.gz')!
    const at = zip.indexOf(body.subarray(0, 64))
    const tampered = Buffer.from(zip)
    tampered[at + 200] = tampered[at + 200]! ^ 0x01
    const refused = await previewImport(province, tampered, PASSPHRASE)
    expect(refused.valid).toBe(false)
    // (the zip's CRC or the manifest's SHA-256 catch it; nothing is decrypted)
    expect(refused.problems.map((p) => p.code).join()).toMatch(/zip\.corrupt|file\.hash/)
  })
})
