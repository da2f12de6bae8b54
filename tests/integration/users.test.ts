import { describe, expect, it } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { createUser } from '../../electron/main/services/users/accounts'
import { setupOffice } from '../../electron/main/services/office'
import { fixedClock, tempContext } from '../helpers/temp'
import { signedInRouter, TEST_PASSWORD } from '../helpers/session'

const OFFICE = { code: '14563', name: 'UBND xã Tân Thành', provinceCode: '37', mode: 'office' as const, standardId: 'mdp-2022-2025' }

describe('users, roles and sessions through the IPC router', () => {
  it('keeps everything but the public channels closed until someone signs in', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, { office: OFFICE, units: [] })
    const router = createRouter(ctx)
    expect(await router.invoke('auth.session', {})).toMatchObject({ ok: true, data: { user: null, needsFirstAdmin: true } })
    expect(await router.invoke('units.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    // The first admin can be created only while there is no account at all.
    const first = await router.invoke('auth.createFirstAdmin', { username: 'Admin', displayName: 'Quản trị', password: 'mat-khau-dai-1' })
    expect(first).toMatchObject({ ok: true, data: { user: { username: 'admin', role: 'admin' }, needsFirstAdmin: false } })
    expect((await router.invoke('units.list', {})).ok).toBe(true)
    const again = await createRouter(ctx).invoke('auth.createFirstAdmin', {
      username: 'khac',
      displayName: 'Khác',
      password: 'mat-khau-dai-2',
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('gives each role only what it may do', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, { office: OFFICE, units: [] })
    const clerk = await signedInRouter(ctx, 'clerk')
    expect((await clerk.invoke('units.list', {})).ok).toBe(true)
    expect(await clerk.invoke('users.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await clerk.invoke('office.update', OFFICE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const admin = await signedInRouter(ctx, 'admin')
    expect((await admin.invoke('office.update', { ...OFFICE, name: 'UBND xã Mới' })).ok).toBe(true)
    const listed = await admin.invoke('users.list', {})
    expect(listed.ok && (listed.data as { username: string }[]).map((u) => u.username)).toEqual(['test-admin', 'test-clerk'])
  })

  it('refuses wrong passwords without saying which part was wrong, and blocks after five tries', async () => {
    const clock = fixedClock('2026-10-01T08:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    await createUser(ctx, { username: 'hoa', displayName: 'Hoa', role: 'clerk', password: 'dung-mat-khau' })
    const router = createRouter(ctx)
    const wrongUser = await router.invoke('auth.signIn', { username: 'khong-co', password: 'dung-mat-khau' })
    const wrongPass = await router.invoke('auth.signIn', { username: 'hoa', password: 'sai' })
    expect(!wrongUser.ok && !wrongPass.ok && wrongUser.error.message === wrongPass.error.message).toBe(true)
    for (let i = 0; i < 3; i++) await router.invoke('auth.signIn', { username: 'hoa', password: 'sai' })
    // Fifth failure reached: even the right password waits 30 seconds.
    expect(await router.invoke('auth.signIn', { username: 'hoa', password: 'dung-mat-khau' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/thử lại sau 30 giây/) },
    })
    clock.set('2026-10-01T08:00:31Z')
    expect(await router.invoke('auth.signIn', { username: 'HOA', password: 'dung-mat-khau' })).toMatchObject({ ok: true })
  })

  it('locks the session after the configured inactivity, on the main side', async () => {
    const clock = fixedClock('2026-10-01T08:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const router = await signedInRouter(ctx, 'clerk')
    clock.set('2026-10-01T08:14:00Z')
    expect((await router.invoke('units.list', {})).ok).toBe(true)
    clock.set('2026-10-01T08:29:30Z') // 15.5 minutes after the last call
    expect(await router.invoke('units.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/khóa/) },
    })
    expect(router.session.user).toBeNull()
  })

  it('never lets the last active admin lose the role, and never stores a password in clear', async () => {
    const ctx = await tempContext()
    const admin = await signedInRouter(ctx, 'admin')
    const me = admin.session.user!
    expect(await admin.invoke('users.update', { id: me.id, role: 'clerk' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(await admin.invoke('users.update', { id: me.id, active: false })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    const created = await admin.invoke('users.create', {
      username: 'duyet',
      displayName: 'Người duyệt',
      role: 'approver',
      password: 'mat-khau-duyet',
    })
    expect(created).toMatchObject({ ok: true, data: { role: 'approver' } })
    const rows = await ctx.store.db.selectFrom('users').select(['username', 'password_hash']).execute()
    for (const r of rows) expect(r.password_hash).not.toMatch(new RegExp(`${TEST_PASSWORD}|mat-khau-duyet`))
    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'user').execute()
    expect(audit.some((a) => a.actor === 'test-admin' && a.action === 'create')).toBe(true)
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|mat-khau/)
  })

  it("changes a user's own password only with the current one", async () => {
    const ctx = await tempContext()
    const clerk = await signedInRouter(ctx, 'clerk')
    expect(await clerk.invoke('auth.changePassword', { current: 'sai', next: 'mat-khau-moi-1' })).toMatchObject({
      ok: false,
      error: { path: ['current'] },
    })
    expect((await clerk.invoke('auth.changePassword', { current: TEST_PASSWORD, next: 'mat-khau-moi-1' })).ok).toBe(true)
    const fresh = createRouter(ctx)
    expect((await fresh.invoke('auth.signIn', { username: 'test-clerk', password: 'mat-khau-moi-1' })).ok).toBe(true)
  })
})
