import { afterEach, describe, expect, it } from 'vitest'
import type { CaseRow } from '@shared/domain/reviews'
import { saveHousehold } from '../../electron/main/services/households/save'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { officeWithVillages } from '../helpers/households'
import { household, ok } from '../helpers/review-flow'
import { ensureUser, signedInRouter, TEST_PASSWORD } from '../helpers/session'
import { fixedClock, tempContext } from '../helpers/temp'

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('who may approve the review', () => {
  it('a clerk is refused the approval; signed in again as approver through the UI, the approval goes through', async () => {
    const clock = fixedClock('2025-11-20T02:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const { villages } = await officeWithVillages(ctx)
    const v = villages['Bản Nà Phặc']!
    await saveHousehold(ctx, household(v, 'Lò Văn Sáng', '020080000011', 2024, 1_000_000, [9, 10, 11]))
    // The clerk's part is done through the router: open, survey, meeting, posting.
    const clerkApi = await signedInRouter(ctx, 'clerk')
    await ok(clerkApi, 'review.open', { year: 2025 })
    const [c] = await ok<CaseRow[]>(clerkApi, 'review.cases', { year: 2025 })
    await ok(clerkApi, 'review.survey', {
      caseId: c!.id,
      assessment: { incomePerPersonMonth: 1_200_000, housingAreaM2: 30, indicators: [] },
    })
    await ok(clerkApi, 'review.meeting', {
      year: 2025,
      unitId: v,
      heldOn: '2025-11-01',
      chair: 'Lò Văn Pao',
      attendees: 30,
      votes: [{ caseId: c!.id, agreePercent: 90 }],
    })
    await ok(clerkApi, 'review.post', { year: 2025, unitId: v, postedOn: '2025-11-02' })
    await ensureUser(ctx, 'approver')

    session = await openAppInChromium(ctx, { signInAs: 'clerk' })
    const { page } = session
    await page.getByRole('button', { name: 'Rà soát hằng năm' }).click()
    const approve = page.getByRole('form', { name: 'Quyết định công nhận của Chủ tịch UBND xã' })
    await approve.getByLabel('Số quyết định').fill('88/QĐ-UBND')
    await approve.getByRole('button', { name: 'Phê duyệt và khóa kết quả' }).click()
    await expect
      .poll(() => approve.getByRole('alert').textContent())
      .toBe('Tài khoản test-clerk (cán bộ nhập liệu) không có quyền thực hiện việc này.')
    expect((await ctx.store.db.selectFrom('review_cycles').select('state').executeTakeFirstOrThrow()).state).toBe('open')

    await page.getByRole('button', { name: 'Đăng xuất' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Đăng nhập' }).isVisible()).toBe(true)
    await page.getByLabel('Tên đăng nhập').fill('test-approver')
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.getByRole('button', { name: 'Rà soát hằng năm' }).click()
    await approve.getByLabel('Số quyết định').fill('88/QĐ-UBND')
    await approve.getByRole('button', { name: 'Phê duyệt và khóa kết quả' }).click()
    await expect.poll(() => page.getByText(/đã phê duyệt theo Quyết định số 88\/QĐ-UBND ngày 20\/11\/2025/).isVisible()).toBe(true)
    const cycle = await ctx.store.db.selectFrom('review_cycles').select(['state', 'decision_number']).executeTakeFirstOrThrow()
    expect(cycle).toEqual({ state: 'approved', decision_number: '88/QĐ-UBND' })
    const trail = await ctx.store.db
      .selectFrom('audit_log')
      .select('actor')
      .where('entity', '=', 'review_cycle')
      .where('action', '=', 'approve')
      .execute()
    expect(trail).toEqual([{ actor: 'test-approver' }])
    // The one console error is the refused call, which is what this test is about.
    expect(session.errors.filter((e) => !/không có quyền/.test(e))).toEqual([])
  })
})
