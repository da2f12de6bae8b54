import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import { createRouter, type Router } from '../../electron/main/ipc'
import { dialogQueue } from '../helpers/dialogs'
import { officeWithVillages } from '../helpers/households'
import { household, refused } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'

// What the command line needed from the router that the window did not offer: finding a household
// and its case by the household's code (review.findCase), committing an annex into a plan created
// with its tasks (plans.importCommit with `plan`), and a report saved as HTML (reports.export).

const ANNEX = resolve(import.meta.dirname, '../fixtures/plans/phu-luc-nhiem-vu.xlsx')

async function ok<K extends ChannelName>(api: Router, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const r = await api.invoke(channel, input)
  if (!r.ok) expect.fail(`${channel}: ${r.error.message}`)
  return r.data as ChannelOutput<K>
}

describe('review.findCase', () => {
  it("finds a household by its code and its case in the year's annual list; refuses an unknown code, a year not opened, a caller not signed in", async () => {
    const ctx = await tempContext({ now: fixedClock('2025-09-05T02:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const v = villages['Thôn Đồng Tâm']!
    const clerk = await signedInRouter(ctx, 'clerk')
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
    await ok(clerk, 'households.save', household(v, 'Lý Văn Cường', '020075000003', 2024, 2_100_000))
    const codes = Object.fromEntries(
      (await ctx.store.db.selectFrom('households').select(['head_name', 'code', 'id']).execute()).map((h) => [h.head_name, h]),
    )
    const an = codes['Hoàng Văn An']!
    const cuong = codes['Lý Văn Cường']!

    const notOpened = await refused(clerk, 'review.findCase', { year: 2025, code: an.code })
    expect([notOpened.code, notOpened.message]).toEqual(['NOT_FOUND', 'Chưa mở kỳ rà soát năm 2025.'])
    await ok(clerk, 'review.open', { year: 2025 })
    const [listed] = await ok(clerk, 'review.cases', { year: 2025 })
    expect(listed!.code).toBe(an.code)

    // An (poor last year) is on the list; Cường (above the line) is in the register but not listed.
    expect(await ok(clerk, 'review.findCase', { year: 2025, code: an.code })).toEqual({
      householdId: an.id,
      code: an.code,
      headName: 'Hoàng Văn An',
      caseId: listed!.id,
    })
    expect(await ok(clerk, 'review.findCase', { year: 2025, code: ` ${cuong.code} ` })).toEqual({
      householdId: cuong.id,
      code: cuong.code,
      headName: 'Lý Văn Cường',
      caseId: null,
    })
    const unknown = await refused(clerk, 'review.findCase', { year: 2025, code: 'KHONG-CO' })
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'Không có hộ mã KHONG-CO trong sổ.'])
    expect((await refused(clerk, 'review.findCase', { year: 2025, code: '' })).code).toBe('BAD_INPUT')
    expect((await refused(createRouter(ctx), 'review.findCase', { year: 2025, code: an.code })).code).toBe('UNAUTHENTICATED')
  })
})

describe('plans.importCommit into a new plan', () => {
  it('creates the plan with its tasks, all or nothing; takes a plan or a planId, not both', async () => {
    const dir = tempDir()
    const dialogs = dialogQueue(dir)
    const ctx = await tempContext({ files: dialogs.ports })
    await officeWithVillages(ctx)
    const clerk = await signedInRouter(ctx, 'clerk')
    const plan = {
      number: '45/KH-UBND',
      issuedOn: '2026-05-20',
      title: 'Giảm nghèo 2026',
      issuer: 'UBND tỉnh',
      periodFrom: 2026,
      periodTo: 2026,
    }
    dialogs.open(ANNEX)
    const preview = await ok(clerk, 'plans.importPick', {})
    if (preview.cancelled) expect.fail('the pick was cancelled')
    expect(preview.unknownAgencies.length).toBeGreaterThan(0)

    // An agency not confirmed: the task is refused, and the plan made for it is not left behind.
    const unconfirmed = await refused(clerk, 'plans.importCommit', { plan, token: preview.token, createAgencies: [] })
    expect(unconfirmed.message).toMatch(/chưa có trong danh mục/)
    expect(await ok(clerk, 'plans.list', {})).toEqual([])

    const existing = await ok(clerk, 'plans.create', { ...plan, number: '1/KH-UBND' })
    const both = await refused(clerk, 'plans.importCommit', {
      planId: existing.id,
      plan,
      token: preview.token,
      createAgencies: preview.unknownAgencies,
    })
    expect([both.code, both.message]).toEqual(['BAD_INPUT', 'Chọn kế hoạch đã có hoặc nhập kế hoạch mới (không cả hai)'])
    const neither = await refused(clerk, 'plans.importCommit', { token: preview.token, createAgencies: preview.unknownAgencies })
    expect(neither.code).toBe('BAD_INPUT')

    const done = await ok(clerk, 'plans.importCommit', { plan, token: preview.token, createAgencies: preview.unknownAgencies })
    expect(done.tasksCreated).toBe(preview.drafts.length)
    const made = (await ok(clerk, 'plans.list', {})).find((p) => p.number === '45/KH-UBND')!
    expect(made).toMatchObject({ id: done.planId, issuedOn: '2026-05-20', taskCount: preview.drafts.length })
    expect((await ok(clerk, 'plans.get', { id: existing.id })).tasks).toEqual([])
    expect(dialogs.leftovers()).toEqual([])
  })
})

describe('reports.export as HTML', () => {
  it('writes the printable page of the report into the file the save dialog answered', async () => {
    const dir = tempDir()
    const dialogs = dialogQueue(dir)
    const ctx = await tempContext({ files: dialogs.ports })
    await officeWithVillages(ctx)
    const clerk = await signedInRouter(ctx, 'clerk')
    dialogs.save('dia-ban.html')
    expect(await ok(clerk, 'reports.export', { id: 'units', params: { year: 2025 }, format: 'html' })).toEqual({
      cancelled: false,
      fileName: 'dia-ban.html',
    })
    const html = readFileSync(dialogs.saved[0]!, 'utf8')
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toMatch(/Thôn Đồng Tâm/)
    expect(dialogs.leftovers()).toEqual([])
  })
})
