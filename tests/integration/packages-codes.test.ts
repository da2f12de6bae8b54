import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { importPackage } from '../../electron/main/services/packages/import'
import { refsOf, SNAPSHOT_TABLES } from '../../electron/main/services/packages/snapshot-tables'
import { checkPackage } from '../../electron/main/services/packages/verify'
import { tempContext, tempDir } from '../helpers/temp'
import { craft, databaseDigest, table } from './packages-craft'
import { addHouseholds } from './packages-fixture'
import { closeAll, makeOffice, makeProvince } from './packages-offices'

/** Codes are unique per office at the province, and a package verify calls valid is one that imports. */
describe('codes at the province', () => {
  it("lets an office declare another office's commune code, or share an old household code, without blocking it", async () => {
    const dir = tempDir()
    const a = await makeOffice(dir, '14563', 'Tân Thành')
    const b = await makeOffice(dir, '14564', 'Tân Lập')
    const province = await makeProvince(dir, [a, b])
    try {
      // Two offices upgraded from the first release: households written before offices had ids ('').
      for (const o of [a, b])
        o.ctx.store.sqlite.prepare("update households set office_id = '', code = 'H-0001' where id = ?").run(o.householdIds[0])
      // A goes first and (by mistake or not) names a village with B's commune code.
      const fromA = craft(await a.exportNext(), a.key, (p) => {
        const units = table(p, 'admin_units')
        units.rows.push({ ...units.rows.find((r) => r.kind === 'village')!, id: randomUUID(), code: '14564', name: 'Thôn Mới' })
      })
      expect(await importPackage(province.ctx, fromA)).toMatchObject({ status: 'imported' })
      // B's genuine package then imports: its code and its H-0001 are its own.
      const fromB = await b.exportNext()
      expect((await checkPackage(province.ctx, fromB)).report.problems).toEqual([])
      expect(await importPackage(province.ctx, fromB)).toMatchObject({ status: 'imported' })
      const sqlite = province.ctx.store.sqlite
      expect(sqlite.prepare("select office_code from admin_units where code = '14564' order by office_code").pluck().all()).toEqual([
        '14563',
        '14564',
      ])
      // An old household is stored as its sender's: the province's codes are per office.
      expect(sqlite.prepare("select office_id from households where code = 'H-0001' order by office_id").pluck().all()).toEqual(
        [a.officeId, b.officeId].sort(),
      )
    } finally {
      await closeAll(a.ctx, b.ctx, province.ctx)
    }
  })

  it('refuses at verify what SQLite would refuse at import (a code twice, a required value missing), naming the rows', async () => {
    const dir = tempDir()
    const a = await makeOffice(dir, '14563', 'Tân Thành')
    const province = await makeProvince(dir, [a])
    try {
      const genuine = await a.exportNext()
      const cases: [string, Parameters<typeof craft>[2], RegExp][] = [
        [
          'two households with one code',
          (p) => void (table(p, 'households').rows[1]!.code = table(p, 'households').rows[0]!.code ?? null),
          /Bảng households, dòng 2 \(mã định danh [0-9a-f-]{36}\): trùng \(office_id, code\) với dòng 1 \(mã định danh/,
        ],
        [
          'two units with one code',
          (p) => {
            const units = table(p, 'admin_units').rows
            units.forEach((u) => (u.code = '14563'))
          },
          /Bảng admin_units, dòng \d \(mã định danh [0-9a-f-]{36}\): trùng \(office_code, code\) với dòng \d/,
        ],
        [
          'a household without a head',
          (p) => void (table(p, 'households').rows[2]!.head_name = null),
          /Bảng households, dòng 3 \(mã định danh [0-9a-f-]{36}\): cột head_name bắt buộc nhưng để trống/,
        ],
        [
          'one task numbered twice in a plan',
          (p) => {
            const tasks = table(p, 'plan_tasks').rows
            tasks.push({ ...tasks[0]!, id: randomUUID() })
          },
          /Bảng plan_tasks, dòng 2 \(mã định danh [0-9a-f-]{36}\): trùng \(plan_id, seq\) với dòng 1/,
        ],
      ]
      for (const [name, change, refusal] of cases) {
        const zip = craft(genuine, a.key, change)
        const before = databaseDigest(province.ctx)
        const verdict = await checkPackage(province.ctx, zip)
        expect(verdict.report.problems.map((p) => p.message).join('\n'), name).toMatch(refusal)
        await expect(importPackage(province.ctx, zip), name).rejects.toThrow(refusal)
        expect(databaseDigest(province.ctx), name).toEqual(before)
      }
    } finally {
      await closeAll(a.ctx, province.ctx)
    }
  })

  it('imports an office that gave a removed household’s code to a new one and swapped two codes', async () => {
    const dir = tempDir()
    const a = await makeOffice(dir, '14563', 'Tân Thành')
    const province = await makeProvince(dir, [a])
    try {
      await importPackage(province.ctx, await a.exportNext())
      const sqlite = a.ctx.store.sqlite
      const [first, second, third] = a.householdIds as [string, string, string]
      const code = (id: string) => sqlite.prepare('select code from households where id = ?').pluck().get(id) as string
      const [c1, c2, c3] = [code(first), code(second), code(third)]
      // The clerk removes the first household and enters a new one under its code, and swaps the
      // codes of the other two (through a spare code, as the register allows one code per household).
      sqlite.prepare('delete from task_households where household_id = ?').run(first)
      sqlite.prepare('delete from households where id = ?').run(first)
      await addHouseholds(a.ctx, 'moi', a.villageIds, 1)
      const fresh = sqlite.prepare("select id from households where code like 'moi-%'").pluck().get() as string
      sqlite.prepare('update households set office_id = ? where id = ?').run(a.officeId, fresh)
      sqlite.prepare('update households set code = ? where id = ?').run(c1, fresh)
      sqlite.prepare("update households set code = 'tạm' where id = ?").run(second)
      sqlite.prepare('update households set code = ? where id = ?').run(c2, third)
      sqlite.prepare('update households set code = ? where id = ?').run(c3, second)
      const next = await a.exportNext()
      expect((await checkPackage(province.ctx, next)).report.problems).toEqual([])
      expect(await importPackage(province.ctx, next)).toMatchObject({ status: 'imported' })
      const codes = province.ctx.store.sqlite.prepare('select id, code from households order by code').raw().all()
      expect(codes).toEqual(
        [
          [fresh, c1],
          [third, c2],
          [second, c3],
        ].sort((x, y) => x[1]!.localeCompare(y[1]!)),
      )
    } finally {
      await closeAll(a.ctx, province.ctx)
    }
  })

  it('declares every foreign key and every unique key of the carried tables', async () => {
    const ctx = await tempContext()
    const sqlite = ctx.store.sqlite
    for (const spec of SNAPSHOT_TABLES.filter((s) => s.merge)) {
      const fks = (sqlite.pragma(`foreign_key_list(${spec.table})`) as { table: string; from: string }[]).map((f) => `${f.from}→${f.table}`)
      const declared = refsOf(spec).map((r) => `${r.column}→${r.table}`)
      expect(declared, spec.table).toEqual(expect.arrayContaining(fks))
      // Unique indexes the import can meet: not the id, not the columns the province assigns itself.
      const local = new Set(spec.omit ?? [])
      const uniques = (sqlite.pragma(`index_list(${spec.table})`) as { name: string; unique: number }[])
        .filter((i) => i.unique)
        .map((i) => (sqlite.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name))
        .filter((cols) => cols.join() !== 'id' && !cols.some((c) => local.has(c)))
      expect((spec.unique ?? []).map((u) => u.columns.join()).sort(), spec.table).toEqual(uniques.map((c) => c.join()).sort())
    }
  })
})
