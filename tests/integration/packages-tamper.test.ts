import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext } from '../../electron/main/app-context'
import { buildPackage } from '../../electron/main/export/package/build'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { writeZip } from '../../electron/main/export/package/zip-writer'
import { verifyPackageBytes } from '../../electron/main/export/package/verify'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage } from '../../electron/main/services/packages/import'
import { exportOwnCertificate, unlockOwnKey } from '../../electron/main/services/packages/keys'
import { listReceived } from '../../electron/main/services/packages/sent'
import { addTrusted, revokeTrusted, trustLookup } from '../../electron/main/services/packages/trust'
import { checkPackage } from '../../electron/main/services/packages/verify'
import type { ServiceContext } from '../../electron/main/services/context'
import { LATEST_SCHEMA_VERSION } from '../../electron/main/store/migrations'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, sampleReports, seedOffice } from './packages-fixture'

type Ctx = ServiceContext & { dir: string }

/** Rewrites a zip with the given entries, keeping every other byte as our writer makes it. */
function rezip(entries: [string, Buffer][]): Buffer {
  return writeZip(
    entries.map(([name, data]) => ({ name, data })),
    new Date('2026-07-01T08:00:00Z'),
    { compress: false },
  )
}

async function provinceTrusting(office: Ctx): Promise<Ctx> {
  const province = await tempContext()
  await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
  await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
  return province
}

async function householdCount(ctx: Ctx): Promise<number> {
  return (await ctx.store.db.selectFrom('households').select('id').execute()).length
}

describe('tampered packages are refused and import nothing', () => {
  let office: Ctx
  let province: Ctx
  let zip: Buffer

  // Shared by the tests of this block (tempContext closes its databases after each test).
  const dir = mkdtempSync(join(tmpdir(), 'sgn-tamper-'))
  afterAll(async () => {
    await office.store.close()
    await province.store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  beforeAll(async () => {
    office = Object.assign(await createContext({ dbPath: join(dir, 'office.sqlite') }), { dir })
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 6 })
    province = Object.assign(await createContext({ dbPath: join(dir, 'province.sqlite') }), { dir })
    await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
    await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
    const out = join(dir, 'usb')
    mkdirSync(out)
    zip = readFileSync(
      (await exportPackage(office, { period: '2026-H1', outDir: out, passphrase: PASSPHRASE, reportFiles: sampleReports })).path,
    )
  })

  const verify = async (bytes: Buffer) =>
    verifyPackageBytes(bytes, { trust: await trustLookup(province, 'office'), latestSchemaVersion: LATEST_SCHEMA_VERSION, now: new Date() })

  it('accepts the untouched package (the control)', async () => {
    expect((await verify(zip)).problems).toEqual([])
  })

  it('refuses a bit changed anywhere in the file, at every position', async () => {
    const trust = await trustLookup(province, 'office')
    const accepted: number[] = []
    for (let i = 0; i < zip.length; i++) {
      const bad = Buffer.from(zip)
      // One bit per byte (which bit varies with the position): the subtlest change there is.
      bad[i] = bad[i]! ^ (1 << (i % 8))
      const r = verifyPackageBytes(bad, { trust, latestSchemaVersion: LATEST_SCHEMA_VERSION, now: new Date() })
      if (r.problems.length === 0) accepted.push(i)
    }
    expect(accepted).toEqual([])
  }, 300_000)

  it('says which file changed when a listed file is altered, and imports nothing', async () => {
    const entries = [...readZip(zip).entries()]
    const data = entries.find(([n]) => n === 'du-lieu/households.jsonl.gz')!
    data[1] = gzipSync(Buffer.from(gunzipSync(data[1]).toString('utf8').replace('Nguyễn Thị 1', 'Nguyễn Thị 9')))
    const bad = rezip(entries)
    const r = await verify(bad)
    // Refused for its size or its hash, whichever the verifier meets first; either way the file is named.
    expect(r.problems).toHaveLength(1)
    expect(['file.hash', 'file.size']).toContain(r.problems[0]!.code)
    expect(r.problems[0]!.message).toContain('du-lieu/households.jsonl.gz')
    await expect(importPackage(province, bad)).rejects.toThrow(/Gói bị từ chối/)
    expect(await householdCount(province)).toBe(0)
  })

  it('refuses a file removed, added or renamed, naming it', async () => {
    const entries = [...readZip(zip).entries()]
    const removed = await verify(rezip(entries.filter(([n]) => !n.endsWith('.xlsx'))))
    expect(removed.problems).toEqual([{ code: 'file.missing', message: expect.stringContaining('Tổng hợp 2026-H1.xlsx') }])
    const added = await verify(rezip([...entries, ['bao-cao/thêm.pdf', Buffer.from('%PDF-1.4')]]))
    expect(added.problems).toEqual([{ code: 'file.extra', message: expect.stringContaining('bao-cao/thêm.pdf') }])
    const renamed = await verify(rezip(entries.map(([n, d]) => [n.endsWith('.xlsx') ? 'bao-cao/khac.xlsx' : n, d])))
    expect(renamed.problems.map((p) => p.code).sort()).toEqual(['file.extra', 'file.missing'])
  })

  it('refuses unsafe entry names and duplicates before reading any data', async () => {
    const entries = [...readZip(zip).entries()]
    for (const [name, pattern] of [
      ['../../etc/passwd', /\.\./],
      ['/tmp/x.json', /tuyệt đối/],
      ['C:/Windows/x.dll', /tuyệt đối/],
      ['bao-cao\\x.pdf', /gạch ngược/],
      ['du-lieu/HOUSEHOLDS.jsonl.gz', /hai lần/],
      ['manifest.json', /hai lần/],
    ] as const) {
      const r = await verify(rezip([...entries, [name, Buffer.from('x')]]))
      expect(r.problems[0]?.message, name).toMatch(pattern)
    }
  })

  it('refuses a truncated archive at any cut', async () => {
    for (const cut of [1, 10, 100, Math.floor(zip.length / 2), zip.length - 30, zip.length - 1]) {
      const r = await verify(zip.subarray(0, zip.length - cut))
      expect(r.problems[0]?.code, `cut ${cut}`).toMatch(/^zip\./)
    }
    const r = await verify(zip.subarray(0, zip.length - 5))
    expect(r.problems[0]!.message).toMatch(/cắt cụt|không phải là gói zip/)
  })

  it('refuses a zip bomb: by the declared size, and by a lying declared size', () => {
    // strictLayout off: the bounds hold for any zip; a package (strict) refuses deflated entries outright.
    const limits = { maxEntries: 100, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024, strictLayout: false }
    const zeros = Buffer.alloc(8 * 1024 * 1024)
    const honest = writeZip([{ name: 'bomb.bin', data: zeros }], new Date())
    expect(deflateRawSync(zeros).length).toBeLessThan(20_000)
    expect(() => readZip(honest, limits)).toThrow(/vượt giới hạn/)
    // The same archive claiming 1,000 bytes in both headers: inflation stops at the claim.
    const lying = Buffer.from(honest)
    lying.writeUInt32LE(1000, 22) // local uncompressed size
    const cd = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    lying.writeUInt32LE(1000, cd + 24)
    expect(() => readZip(lying, limits)).toThrow(/bom zip/)
    // Many entries whose total is over the bound.
    const many = writeZip(
      Array.from({ length: 3 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(900 * 1024) })),
      new Date(),
    )
    expect(() => readZip(many, limits)).toThrow(/Tổng dung lượng/)
    expect(() => readZip(writeZip([{ name: 'a', data: Buffer.alloc(1000) }], new Date()))).toThrow(/giá trị lạ/)
  })

  it('refuses an unknown schema or format version, with the reason', async () => {
    const id = await unlockOwnKey(office, PASSPHRASE)
    const entries = readZip(zip)
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'))
    const files = manifest.files.map((f: { name: string; kind: 'snapshot' | 'pdf' | 'xlsx' }) => ({
      name: f.name,
      kind: f.kind,
      bytes: entries.get(f.name)!,
    }))
    const { files: _files, ...fields } = manifest
    const newer = buildPackage({ ...fields, schemaVersion: LATEST_SCHEMA_VERSION + 1 }, files, id)
    expect((await verify(newer.zip)).problems.map((p) => p.code)).toContain('schema.unknown')
    const future = buildPackage({ ...fields, formatVersion: 2 }, files, id)
    expect((await verify(future.zip)).problems).toEqual([{ code: 'format.unknown', message: expect.stringMatching(/cập nhật ứng dụng/) }])
  })
})

describe('who signed, and in what order', () => {
  it('refuses a package signed by an unregistered key, by a revoked key, and one claiming another office', async () => {
    const office = await tempContext()
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
    const stranger = await tempContext()
    await seedOffice(stranger, { code: '99999', name: 'Xã Lạ', households: 3 })
    const province = await provinceTrusting(office)
    const out = tempDir()

    const fromStranger = readFileSync((await exportPackage(stranger, { period: '2026', outDir: out, passphrase: PASSPHRASE })).path)
    const unknown = await checkPackage(province, fromStranger)
    expect(unknown.report.problems.map((p) => p.code)).toEqual(['signer.unknown'])
    expect(unknown.report.problems[0]!.message).toMatch(/chưa đăng ký.*Xã Lạ/)
    await expect(importPackage(province, fromStranger)).rejects.toThrow(/chưa đăng ký/)

    // Registered under another office's code: the package's office must match the certificate's.
    await addTrusted(province, { pem: (await exportOwnCertificate(stranger)).pem, officeCode: '14563' })
    expect((await checkPackage(province, fromStranger)).report.problems.map((p) => p.code)).toEqual(['signer.office-mismatch'])

    const good = readFileSync((await exportPackage(office, { period: '2026', outDir: out, passphrase: PASSPHRASE })).path)
    expect((await checkPackage(province, good)).report.valid).toBe(true)
    await revokeTrusted(province, { fingerprint: (await exportOwnCertificate(office)).fingerprint, reason: 'Mất máy' })
    const revoked = await checkPackage(province, good)
    expect(revoked.report.problems.map((p) => p.code)).toEqual(['signer.revoked'])
    await expect(importPackage(province, good)).rejects.toThrow(/thu hồi/)
    expect(await householdCount(province)).toBe(0)
    expect(await listReceived(province)).toEqual([])
  })

  it('refuses an out-of-sequence package naming the missing ones, then takes them in order; refuses a replay', async () => {
    const office = await tempContext()
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 4 })
    const province = await provinceTrusting(office)
    const out = tempDir()
    const paths: string[] = []
    for (const period of ['2026-H1', '2026-H1', '2026-H2'])
      paths.push((await exportPackage(office, { period, outDir: out, passphrase: PASSPHRASE })).path)
    const [p1, p2, p3] = paths.map((p) => readFileSync(p)) as [Buffer, Buffer, Buffer]

    await importPackage(province, p1)
    await expect(importPackage(province, p3)).rejects.toThrow(/còn thiếu gói số 2/)
    await importPackage(province, p2)
    await importPackage(province, p3)
    await expect(importPackage(province, p1)).rejects.toThrow(/cũ hơn/)
    expect((await listReceived(province)).map((p) => [p.sequence, p.period, p.status])).toEqual([
      [3, '2026-H2', 'accepted'],
      [2, '2026-H1', 'accepted'],
      [1, '2026-H1', 'superseded'],
    ])
    expect(await importPackage(province, p3)).toMatchObject({ status: 'already' })
  })

  it('refuses, all or nothing, a package whose rows belong to another office', async () => {
    const a = await tempContext()
    await seedOffice(a, { code: '14563', name: 'Tân Thành', households: 3 })
    const b = await tempContext()
    await seedOffice(b, { code: '14564', name: 'Tân Lập', households: 3 })
    const province = await provinceTrusting(a)
    await addTrusted(province, { pem: (await exportOwnCertificate(b)).pem })
    const out = tempDir()
    await importPackage(province, readFileSync((await exportPackage(a, { period: '2026', outDir: out, passphrase: PASSPHRASE })).path))
    // Office B's database somehow holds one of A's household ids (a copied database, or a hostile sender).
    const stolen = await province.store.db.selectFrom('households').select('id').executeTakeFirstOrThrow()
    const mine = await b.store.db.selectFrom('households').select('id').executeTakeFirstOrThrow()
    b.store.sqlite.prepare('update households set id = ? where id = ?').run(stolen.id, mine.id)
    const before = await province.store.db.selectFrom('households').selectAll().orderBy('id').execute()
    const fromB = readFileSync((await exportPackage(b, { period: '2026', outDir: out, passphrase: PASSPHRASE })).path)
    await expect(importPackage(province, fromB)).rejects.toThrow(/đã thuộc đơn vị 14563/)
    expect(await province.store.db.selectFrom('households').selectAll().orderBy('id').execute()).toEqual(before)
  })
})
