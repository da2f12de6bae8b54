import Database from 'better-sqlite3'
import { Kysely } from 'kysely'
import { Migrator } from 'kysely/migration'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { openStore } from '../../electron/main/store/open'
import { StoreDialect } from '../../electron/main/store/dialect'
import { migrationProvider } from '../../electron/main/store/migrations'
import { localityOf, ownUnitName } from '@shared/domain/office-levels'
import { tempContext, tempDir } from '../helpers/temp'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { buildReportDocument } from '../../electron/main/services/reports/build'

const ADMIN = { username: 'admin', displayName: 'Trần Thị Quản Trị', password: 'mat-khau-manh-1' }
const COMMUNE = {
  code: '14563',
  name: 'UBND xã Tân Thành',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  level: 'commune' as const,
  standardId: 'mdp-2022-2025',
}

describe("the office's level", () => {
  it('a commune office is its own commune: its villages hang under it, and the level is stored', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    const r = await api.invoke('office.setup', {
      admin: ADMIN,
      office: COMMUNE,
      units: [
        { kind: 'village', name: 'Thôn Đồng Tâm', parentIndex: null },
        { kind: 'village', name: 'Bản Nà Phặc', parentIndex: null },
      ],
    })
    expect(r).toMatchObject({ ok: true, data: { level: 'commune', mode: 'office' } })
    const units = await ctx.store.db.selectFrom('admin_units').select(['id', 'parent_id', 'kind', 'code', 'name']).execute()
    const root = units.find((u) => u.kind === 'commune')!
    expect(root).toMatchObject({ code: '14563', name: 'Xã Tân Thành', parent_id: null })
    expect(units.filter((u) => u.parent_id === root.id).map((u) => u.name)).toEqual(['Thôn Đồng Tâm', 'Bản Nà Phặc'])
  })

  it('the first run refuses to finish without a unit under the office, and says why in Vietnamese', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    expect(await api.invoke('office.setup', { admin: ADMIN, office: COMMUNE, units: [] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', path: ['units'], message: expect.stringMatching(/^Chưa có thôn\/tổ dân phố nào\./) },
    })
    const district = { ...COMMUNE, code: '373', name: 'UBND huyện Yên Mô', level: 'district' as const }
    expect(await api.invoke('office.setup', { admin: ADMIN, office: district, units: [] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Chưa có xã\/phường nào\./) },
    })
    expect(await ctx.store.db.selectFrom('office').selectAll().execute()).toEqual([])
    expect(await ctx.store.db.selectFrom('users').selectAll().execute()).toEqual([])
  })

  it("refuses a district's code for a commune office, and a second commune in a commune office's list", async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    const units = [{ kind: 'village' as const, name: 'Thôn 1', parentIndex: null }]
    expect(await api.invoke('office.setup', { admin: ADMIN, office: { ...COMMUNE, code: '373' }, units })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', path: ['office', 'code'], message: expect.stringMatching(/gồm đúng 5 chữ số.*là mã cấp huyện/) },
    })
    expect(
      await api.invoke('office.setup', {
        admin: ADMIN,
        office: COMMUNE,
        units: [
          { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
          { kind: 'commune', code: '14566', name: 'Phường Hòa Bình', parentIndex: null },
        ],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', path: ['units', 1, 'kind'], message: expect.stringMatching(/Phường Hòa Bình/) },
    })
    expect(await ctx.store.db.selectFrom('admin_units').selectAll().execute()).toEqual([])
  })

  it('merges a village into another: households and history move, the reports lose a row and keep their total', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    await api.invoke('office.setup', {
      admin: ADMIN,
      office: COMMUNE,
      units: [{ kind: 'village', name: 'Thôn Đồng Tâm', parentIndex: null }],
    })
    await generateDemoData(ctx, { households: 200, seed: 3, years: [2025] })
    const villages = await ctx.store.db.selectFrom('admin_units').select(['id', 'name', 'kind']).where('kind', '=', 'village').execute()
    expect(villages.length).toBe(1) // the generator used the office's own village
    const added = await api.invoke('units.add', { parentId: null, kind: 'village', name: 'Xóm Mới' })
    if (!added.ok) throw new Error(added.error.message)
    const [from, into] = [villages[0]!.id, (added.data as { id: string }).id]
    const params = { year: 2025, period: 'year' as const, communeId: null }
    const table = async () => {
      const t = (await buildReportDocument(ctx, 'summary', params)).body[0]
      if (t?.kind !== 'table') throw new Error('no table')
      return t.table.rows
    }
    expect((await table()).map((r) => r[1])).toEqual(['Thôn Đồng Tâm', 'Xóm Mới', 'Tổng cộng'])

    expect(await api.invoke('units.merge', { fromId: from, intoId: from })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'Không thể sáp nhập một đơn vị vào chính nó.' },
    })
    const commune = await ctx.store.db.selectFrom('admin_units').select('id').where('kind', '=', 'commune').executeTakeFirstOrThrow()
    expect(await api.invoke('units.merge', { fromId: commune.id, intoId: into })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Chỉ sáp nhập được hai đơn vị cùng cấp/) },
    })
    const merged = await api.invoke('units.merge', { fromId: from, intoId: into })
    expect(merged).toMatchObject({ ok: true, data: { id: into, name: 'Xóm Mới', formerNames: [{ name: 'Thôn Đồng Tâm' }] } })
    expect(await ctx.store.db.selectFrom('households').select('id').where('unit_id', '=', from).execute()).toEqual([])
    const rows = await table()
    expect(rows.map((r) => r[1])).toEqual(['Xóm Mới', 'Tổng cộng'])
    expect(rows[0]![2]).toBe(200)
    expect(rows[1]![2]).toBe(200)
    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'merge').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after_json!)).toMatchObject({ mergedInto: into, households: 200 })
  })

  it('the place documents are dated from is the locality in the office name', () => {
    expect(localityOf('UBND xã Tân Thành')).toBe('Tân Thành')
    expect(localityOf('UBND phường Hòa Bình')).toBe('Hòa Bình')
    expect(localityOf('UBND đặc khu Phú Quốc')).toBe('Phú Quốc')
    expect(localityOf('Phòng Lao động – TB&XH huyện Yên Mô')).toBe('Yên Mô')
    expect(localityOf('UBND tỉnh Ninh Bình')).toBe('Ninh Bình')
    expect(localityOf('UBND xã Mẫu Sơn (dữ liệu mẫu)')).toBe('Mẫu Sơn')
    expect(localityOf('Văn phòng giảm nghèo')).toBeNull()
    expect(ownUnitName('UBND xã Tân Thành')).toBe('Xã Tân Thành')
  })

  it('migration 0013 gives an existing database the level its unit tree shows', async () => {
    const at = '2025-01-01T00:00:00Z'
    const levelAfter = async (units: { kind: string; parent: number | null }[], mode = 'office') => {
      const path = join(tempDir(), 'old.sqlite')
      const sqlite = new Database(path)
      const db = new Kysely<unknown>({ dialect: new StoreDialect(sqlite) })
      const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0012_unit_codes_per_office')
      expect(error).toBeUndefined()
      sqlite.prepare(`insert into office values ('o', '1', 'Văn phòng', '37', '', ?, 'mdp-2022-2025', ?, ?)`).run(mode, at, at)
      units.forEach((u, i) =>
        sqlite
          .prepare(
            `insert into admin_units (id, parent_id, kind, code, name, name_folded, active, created_at, updated_at)
            values (?, ?, ?, '', ?, ?, 1, ?, ?)`,
          )
          .run(`u${i}`, u.parent === null ? null : `u${u.parent}`, u.kind, `Đơn vị ${i}`, `don vi ${i}`, at, at),
      )
      await db.destroy()
      const store = await openStore(path)
      const office = await store.db.selectFrom('office').select('level').executeTakeFirstOrThrow()
      await store.close()
      return office.level
    }
    expect(
      await levelAfter([
        { kind: 'commune', parent: null },
        { kind: 'village', parent: 0 },
      ]),
    ).toBe('commune')
    expect(await levelAfter([{ kind: 'village', parent: null }])).toBe('commune')
    expect(
      await levelAfter([
        { kind: 'commune', parent: null },
        { kind: 'commune', parent: null },
      ]),
    ).toBe('district')
    expect(
      await levelAfter([
        { kind: 'district', parent: null },
        { kind: 'commune', parent: 0 },
      ]),
    ).toBe('district')
    expect(await levelAfter([], 'province')).toBe('province')
  })
})
