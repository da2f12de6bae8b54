import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { fixedClock, tempContext } from '../helpers/temp'
import { ADMIN, ok, seedPlan } from './plans-seed'

const ANNEX = resolve(import.meta.dirname, '../fixtures/plans/phu-luc-nhiem-vu.xlsx')
const GONE = {
  ok: false,
  error: { code: 'NOT_FOUND', message: expect.stringMatching(/Tệp đã chọn không còn.*hãy chọn lại tệp/), path: ['token'] },
}

describe('a picked file waits for its commit in its own window, for a while, once', () => {
  it('another window cannot use the token; an unused pick expires after 30 minutes; a commit or a cancel uses it up; the tasks never leave main', async () => {
    const clock = fixedClock('2026-06-05T02:00:00Z')
    const ctx = await tempContext({
      now: clock.now,
      files: { chooseOpenFile: async () => ANNEX, chooseSaveFile: async () => null },
    })
    const windowA = createRouter(ctx)
    const { plan } = await seedPlan(windowA)
    await ok(windowA, 'agencies.create', { name: 'Sở Văn hóa, Thể thao và Du lịch' })
    await ok(windowA, 'agencies.create', { name: 'UBND các xã, phường' })
    const windowB = createRouter(ctx)
    await ok(windowB, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password })
    // The session locks after its idle time meanwhile: the clerk signs in again; the pick is the window's, not the session's.
    const later = async (iso: string) => {
      clock.set(iso)
      await ok(windowA, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password })
    }
    const commit = (token: string) => ({ planId: plan.id, token, createAgencies: ['Hội Nông dân tỉnh'] })

    const first = await ok(windowA, 'plans.importPick', {})
    if (first.cancelled) throw new Error('cancelled')
    expect(first.drafts).toHaveLength(4)
    // Another window of the same app (its own router, its own sign-in) does not know window A's pick.
    expect(await windowB.invoke('plans.importCommit', commit(first.token))).toMatchObject(GONE)
    // Left for 31 minutes, the pick is gone; nothing was written.
    await later('2026-06-05T02:31:00Z')
    expect(await windowA.invoke('plans.importCommit', commit(first.token))).toMatchObject(GONE)
    expect(await ctx.store.db.selectFrom('plan_tasks').select('id').execute()).toEqual([])

    // Picked again: each use renews it, so 20 + 20 minutes of looking is fine; the commit then uses it up.
    const second = await ok(windowA, 'plans.importPick', {})
    if (second.cancelled) throw new Error('cancelled')
    await later('2026-06-05T02:51:00Z')
    const refused = await windowA.invoke('plans.importCommit', { ...commit(second.token), createAgencies: [] })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/"Hội Nông dân tỉnh" chưa có/) },
    })
    await later('2026-06-05T03:11:00Z')
    expect(await ok(windowA, 'plans.importCommit', commit(second.token))).toMatchObject({ tasksCreated: 4 })
    expect(await windowA.invoke('plans.importCommit', commit(second.token))).toMatchObject(GONE)
    expect(await ctx.store.db.selectFrom('plan_tasks').select('id').execute()).toHaveLength(4)

    // A new pick ends the window's earlier one of the same kind.
    const third = await ok(windowA, 'plans.importPick', {})
    const fourth = await ok(windowA, 'plans.importPick', {})
    if (third.cancelled || fourth.cancelled) throw new Error('cancelled')
    expect(await windowA.invoke('plans.importCommit', commit(third.token))).toMatchObject(GONE)
    // Cancel: released at once; another window cannot release it.
    await ok(windowB, 'auth.signIn', { username: ADMIN.username, password: ADMIN.password })
    expect(await ok(windowB, 'files.release', { token: fourth.token })).toEqual({ released: false })
    expect(await ok(windowA, 'files.release', { token: fourth.token })).toEqual({ released: true })
    expect(await windowA.invoke('plans.importCommit', commit(fourth.token))).toMatchObject(GONE)
  })
})
