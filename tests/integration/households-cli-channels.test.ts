import { describe, expect, it } from 'vitest'
import type { AppEvent } from '../../shared/contract/events'
import { setupOffice } from '../../electron/main/services/office'
import { STREAM_ROWS } from '../../electron/main/services/households/list'
import { signedInRouter } from '../helpers/session'
import { tempContext } from '../helpers/temp'

/**
 * The channels the households CLI needed and the window did not have (the CLI goes through the
 * router): `households.demoData` (the admin's) and `households.listFrom` (the whole register a page
 * at a time, for `households list --all`), called through the real router on a real register.
 */
async function office() {
  const ctx = await tempContext()
  await setupOffice(ctx, {
    office: { code: 'T', name: 'UBND xã Thử', provinceCode: '20', standardId: 'mdp-2022-2025' },
    units: [{ kind: 'commune', code: '', name: 'Xã Thử', parentIndex: null }],
  })
  return ctx
}

const count = (ctx: Awaited<ReturnType<typeof office>>, table: string) =>
  (ctx.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

describe('households.demoData', () => {
  it('fills the register for an admin and tells the windows; a clerk or an approver is refused and nothing is written', async () => {
    const ctx = await office()
    for (const role of ['clerk', 'approver'] as const) {
      const api = await signedInRouter(ctx, role)
      expect(await api.invoke('households.demoData', { households: 50 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    expect(count(ctx, 'households')).toBe(0)

    const admin = await signedInRouter(ctx, 'admin')
    const heard: AppEvent[] = []
    admin.on((e) => heard.push(e))
    expect(await admin.invoke('households.demoData', { households: 120, seed: 3 })).toEqual({
      ok: true,
      data: { households: 120, seed: 3 },
    })
    expect(count(ctx, 'households')).toBe(120)
    expect(heard.filter((e) => 'topics' in e)).toEqual([{ topics: ['households', 'units'], channel: 'households.demoData' }])
    // The audit names the signed-in admin.
    const audit = ctx.store.sqlite.prepare(`select actor from audit_log where action = 'demo-data'`).all()
    expect(audit).toEqual([{ actor: 'test-admin' }])

    for (const bad of [{ households: 0 }, { households: 2_000_001 }, { households: 10, level: 'province' }])
      expect(await admin.invoke('households.demoData', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(count(ctx, 'households')).toBe(120)
  })
})

describe('households.listFrom', () => {
  it('walks every household once in the list order, page after page, for a clerk; a forged cursor is refused', async () => {
    const ctx = await office()
    const admin = await signedInRouter(ctx, 'admin')
    const households = 2 * STREAM_ROWS + 37
    expect((await admin.invoke('households.demoData', { households, seed: 8 })).ok).toBe(true)
    // Many heads sort alike: a page boundary falls inside the run of equal keys.
    ctx.store.sqlite.prepare("update households set head_name_sort = 'a' where rowid % 3 = 0").run()
    const expected = (ctx.store.sqlite.prepare('select id from households order by head_name_sort, rowid').all() as { id: string }[]).map(
      (r) => r.id,
    )

    const clerk = await signedInRouter(ctx, 'clerk')
    const seen: string[] = []
    const sizes: number[] = []
    let after: string | null = null
    do {
      const r = await clerk.invoke('households.listFrom', { after })
      if (!r.ok) expect.fail(r.error.message)
      const page = r.data as { rows: { id: string }[]; next: string | null }
      seen.push(...page.rows.map((h) => h.id))
      sizes.push(page.rows.length)
      after = page.next
    } while (after !== null)
    expect(sizes).toEqual([STREAM_ROWS, STREAM_ROWS, 37])
    expect(seen).toEqual(expected)

    // By code, and only one year's households: still each once.
    ctx.store.sqlite
      .prepare('delete from household_assessments where year = 2024 and household_id in (select id from households where rowid % 7 = 0)')
      .run()
    const byCode = await clerk.invoke('households.listFrom', { year: 2024, sort: 'code', after: null })
    if (!byCode.ok) expect.fail(byCode.error.message)
    const first = byCode.data as { rows: { code: string; year: number | null }[]; next: string | null }
    expect(first.rows.map((h) => h.code)).toEqual([...first.rows.map((h) => h.code)].sort())
    expect(first.rows.every((h) => h.year === 2024)).toBe(true)

    for (const cursor of ['bm90IGEgY3Vyc29y', 'a/b', ''])
      expect(await clerk.invoke('households.listFrom', { after: cursor }), cursor).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT' },
      })
    // A search is the list's (households.list), not a walk's.
    expect(await clerk.invoke('households.listFrom', { search: 'nguyen', after: null })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    })
  })
})
