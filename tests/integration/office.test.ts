import { describe, expect, it } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { tempContext, fixedClock } from '../helpers/temp'

const ADMIN = { username: 'admin', displayName: 'Trần Thị Quản Trị', password: 'mat-khau-manh-1' }
const OFFICE = {
  code: '14563',
  name: 'UBND xã Tân Thành',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  mode: 'office' as const,
  standardId: 'mdp-2022-2025',
}

describe('first-run setup through the IPC router', () => {
  it('creates the office and its unit tree in one go, and audits every row', async () => {
    const clock = fixedClock('2026-09-01T08:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const api = createRouter(ctx)
    expect(await api.invoke('office.get', {})).toEqual({ ok: true, data: null })

    const result = await api.invoke('office.setup', {
      admin: ADMIN,
      office: OFFICE,
      units: [
        { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
        { kind: 'village', name: 'Thôn Đồng Tâm', parentIndex: 0 },
        { kind: 'village', name: 'Bản Nà Phặc', parentIndex: 0 },
      ],
    })
    expect(result.ok).toBe(true)
    const units = await api.invoke('units.list', {})
    if (!units.ok) throw new Error(units.error.message)
    const list = units.data as { id: string; parentId: string | null; name: string }[]
    const commune = list.find((u) => u.name === 'Xã Tân Thành')!
    expect(
      list
        .filter((u) => u.parentId === commune.id)
        .map((u) => u.name)
        .sort(),
    ).toEqual(['Bản Nà Phặc', 'Thôn Đồng Tâm'])

    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().execute()
    expect(audit.map((a) => `${a.entity}:${a.action}`).sort()).toEqual([
      'admin_unit:create',
      'admin_unit:create',
      'admin_unit:create',
      'office:create',
      'user:create',
    ])
    expect(audit.every((a) => a.actor === 'tester' && a.at === '2026-09-01T08:00:00.000Z')).toBe(true)
    // The one who set up the office is now signed in as its admin, and the audit names them.
    expect(api.session.user).toMatchObject({ username: 'admin', role: 'admin' })
    expect((await api.invoke('units.rename', { id: commune.id, name: 'Xã Tân Thành Mới' })).ok).toBe(true)
    const rename = await ctx.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'rename').executeTakeFirstOrThrow()
    expect(rename.actor).toBe('admin')

    const info = await api.invoke('app.info', {})
    expect(info).toMatchObject({ ok: true, data: { officeSetUp: true, schemaVersion: ctx.store.schemaVersion } })
  })

  it('writes nothing when any unit is wrong, and says which one', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    const result = await api.invoke('office.setup', {
      admin: ADMIN,
      office: OFFICE,
      units: [
        { kind: 'commune', code: '14563', name: 'Xã A', parentIndex: null },
        { kind: 'commune', code: '14563', name: 'Xã B', parentIndex: null },
      ],
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path: ['units', 1, 'code'] } })
    expect(await ctx.store.db.selectFrom('office').selectAll().execute()).toEqual([])
    expect(await ctx.store.db.selectFrom('admin_units').selectAll().execute()).toEqual([])
    expect(await ctx.store.db.selectFrom('audit_log').selectAll().execute()).toEqual([])
    expect(await ctx.store.db.selectFrom('users').selectAll().execute()).toEqual([])
  })

  it('refuses a second setup and an unknown standard', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    const units = [{ kind: 'commune' as const, name: 'Xã A', parentIndex: null }]
    expect(await api.invoke('office.setup', { admin: ADMIN, office: { ...OFFICE, standardId: 'nope' }, units })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', path: ['office', 'standardId'] },
    })
    expect((await api.invoke('office.setup', { admin: ADMIN, office: OFFICE, units })).ok).toBe(true)
    expect(await api.invoke('office.setup', { admin: ADMIN, office: OFFICE, units })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
  })

  it('renames a unit keeping its former name, and edits the office with an audit of before and after', async () => {
    const clock = fixedClock('2025-06-30T10:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const api = createRouter(ctx)
    await api.invoke('office.setup', { admin: ADMIN, office: OFFICE, units: [{ kind: 'commune', name: 'Xã Cũ', parentIndex: null }] })
    const [unit] = ((await api.invoke('units.list', {})) as { ok: true; data: { id: string }[] }).data
    clock.set('2025-06-30T10:10:00Z')
    const renamed = await api.invoke('units.rename', { id: unit!.id, name: 'Xã Mới' })
    expect(renamed).toMatchObject({
      ok: true,
      data: { name: 'Xã Mới', formerNames: [{ name: 'Xã Cũ', until: '2025-06-30T10:10:00.000Z' }] },
    })

    const updated = await api.invoke('office.update', { ...OFFICE, name: 'UBND xã Mới' })
    expect(updated).toMatchObject({ ok: true, data: { name: 'UBND xã Mới' } })
    const row = await ctx.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'office')
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(row.before_json!).name).toBe(OFFICE.name)
    expect(JSON.parse(row.after_json!).name).toBe('UBND xã Mới')
  })

  it('adds a child unit under an existing parent and refuses a duplicate code', async () => {
    const ctx = await tempContext()
    const api = createRouter(ctx)
    await api.invoke('office.setup', {
      admin: ADMIN,
      office: OFFICE,
      units: [{ kind: 'commune', code: '00001', name: 'Xã A', parentIndex: null }],
    })
    const [commune] = ((await api.invoke('units.list', {})) as { ok: true; data: { id: string }[] }).data
    expect(await api.invoke('units.add', { parentId: commune!.id, kind: 'village', name: 'Thôn 1' })).toMatchObject({
      ok: true,
      data: { parentId: commune!.id },
    })
    expect(await api.invoke('units.add', { parentId: null, kind: 'commune', code: '00001', name: 'Xã B' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', path: ['code'] },
    })
  })
})
