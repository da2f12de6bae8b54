import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importPackage, previewImport } from '../../electron/main/services/packages/import'
import { checkPackage } from '../../electron/main/services/packages/verify'
import { checkExpressions } from '../../electron/main/store/value-rules'
import { cliInProcess } from '../helpers/cli'
import { craft, databaseDigest, table, type OpenedPackage } from './packages-craft'
import { closeAll, makeOffice, makeProvince, type OfficeHandle } from './packages-offices'

/**
 * Class "silent or raw answers", packages: a trusted office's package with a value the province's
 * schema refuses (a CHECK rule, a column's type). Verify and preview used to call it valid and the
 * import then failed with SQLite's "CHECK constraint failed"; now all three refuse it alike, naming
 * the table, the row, the column and the value, and nothing is written.
 */
describe("a package value the province's database would refuse is refused at verify, preview and import", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-values-'))
  let a: OfficeHandle
  let province: Awaited<ReturnType<typeof makeProvince>>
  let genuine: Buffer

  beforeAll(async () => {
    a = await makeOffice(dir, '14563', 'Tân Thành')
    province = await makeProvince(dir, [a])
    genuine = await a.exportNext()
  })
  afterAll(async () => {
    await closeAll(a?.ctx, province?.ctx)
    rmSync(dir, { recursive: true, force: true })
  })

  const row = (p: OpenedPackage, name: string) => table(p, name).rows[0]!
  const where = (name: string, line = 1) => `Bảng ${name}, dòng ${line} \\(mã định danh [0-9a-f-]{36}\\): `
  const attacks: [string, (p: OpenedPackage) => void, RegExp[]][] = [
    [
      'an unknown area type',
      (p) => void (row(p, 'households').area_type = 'mountain'),
      [new RegExp(`${where('households')}cột area_type = "mountain": chỉ nhận một trong các giá trị 'rural', 'urban'\\.`)],
    ],
    [
      'an unknown livelihood (a nullable column with a rule)',
      (p) => void (row(p, 'households').livelihood = 'mining'),
      [new RegExp(`${where('households')}cột livelihood = "mining": chỉ nhận một trong các giá trị 'farming'`)],
    ],
    [
      'a task in a state the register does not know',
      (p) => void (row(p, 'plan_tasks').state = 'finished'),
      [new RegExp(`${where('plan_tasks')}cột state = "finished": chỉ nhận một trong các giá trị 'not_started', 'in_progress', 'done'\\.`)],
    ],
    [
      'words in a number column (SQLite would have stored the text)',
      (p) => void (row(p, 'households').member_count = 'ba người'),
      [new RegExp(`${where('households')}cột member_count = "ba người": phải là số nguyên\\.`)],
    ],
    [
      'a support record with project 9 and a negative amount',
      (p) =>
        void table(p, 'household_support').rows.push({
          id: randomUUID(),
          household_id: row(p, 'households').id as string,
          policy: 'Hỗ trợ sinh kế',
          project: 9,
          date: '2026-03-01',
          amount: -500_000,
          note: '',
          created_at: '2026-03-01T00:00:00.000Z',
        }),
      [
        new RegExp(`${where('household_support')}cột project = 9: phải từ 1 đến 7\\.`),
        new RegExp(`${where('household_support')}cột amount = -500000: không được nhỏ hơn 0\\.`),
      ],
    ],
  ]

  it.each(attacks)('%s: refused by verify, preview and import with the same message; nothing written', async (_name, change, refusals) => {
    const zip = craft(genuine, a.key, change)
    const before = databaseDigest(province.ctx)
    const verdict = await checkPackage(province.ctx, zip)
    const said = verdict.report.problems.map((p) => p.message).join('\n')
    expect(verdict.report.valid, said).toBe(false)
    for (const r of refusals) expect(said).toMatch(r)
    const preview = await previewImport(province.ctx, zip)
    expect(preview.valid).toBe(false)
    expect(preview.problems).toEqual(verdict.report.problems)
    for (const r of refusals) await expect(importPackage(province.ctx, zip)).rejects.toThrow(r)
    expect(databaseDigest(province.ctx)).toEqual(before)
  })

  it('the command line: verify and preview exit 1 naming the value, the import exits 1 without SQLite text', async () => {
    const file = join(dir, 'goi-vung-nui.zip')
    writeFileSync(file, craft(genuine, a.key, attacks[0]![1]))
    const before = databaseDigest(province.ctx)
    const verify = await cliInProcess(['--db', province.path, 'package', 'verify', file])
    expect(verify.code).toBe(1)
    expect(verify.stdout).toMatch(/Gói KHÔNG hợp lệ/)
    expect(verify.stdout).toMatch(attacks[0]![2][0]!)
    const preview = await cliInProcess(['--db', province.path, 'package', 'import', file, '--preview'])
    expect(preview.code).toBe(1)
    expect(preview.stdout).toMatch(attacks[0]![2][0]!)
    const imported = await cliInProcess(['--db', province.path, 'package', 'import', file])
    expect(imported.code).toBe(1)
    expect(imported.stderr).toMatch(/Gói bị từ chối, không nhập gì/)
    expect(imported.stderr).toMatch(attacks[0]![2][0]!)
    for (const r of [verify, preview, imported]) expect(r.stdout + r.stderr).not.toMatch(/constraint failed|SQLITE_|CHECK/)
    expect(databaseDigest(province.ctx)).toEqual(before)
  })

  it("a number written as text is judged as SQLite stores it: '3' in member_count imports as 3", async () => {
    const zip = craft(genuine, a.key, (p) => void (row(p, 'households').member_count = '3'))
    const verdict = await checkPackage(province.ctx, zip)
    expect(verdict.report.problems).toEqual([])
    expect(await importPackage(province.ctx, zip)).toMatchObject({ status: 'imported' })
    const stored = province.ctx.store.sqlite
      .prepare('select typeof(member_count) as t, member_count as n from households where member_count = 3')
      .all()
    expect(stored).toEqual([{ t: 'integer', n: 3 }])
  })

  it('every CHECK rule of the schema is read (the rules come from the schema, not from a list kept by hand)', () => {
    const schema = province.ctx.store.sqlite
      .prepare("select name, sql from sqlite_schema where type = 'table' and sql is not null")
      .all() as {
      name: string
      sql: string
    }[]
    let rules = 0
    for (const t of schema) {
      const found = checkExpressions(t.sql)
      expect(found.length, t.name).toBe((t.sql.match(/\bcheck\s*\(/gi) ?? []).length)
      rules += found.length
    }
    expect(rules).toBeGreaterThan(20)
    expect(checkExpressions(`create table x (a text check (a in ('(', ')')), "check" int, b int, check (b > 0 and (a <> 'x)')))`)).toEqual([
      "a in ('(', ')')",
      "b > 0 and (a <> 'x)')",
    ])
  })
})
