import { describe, expect } from 'vitest'
import type { CaseRow } from '@shared/domain/reviews'
import { saveHousehold } from '../../electron/main/services/households/save'
import { officeWithVillages } from '../helpers/households'
import { household, ok } from '../helpers/review-flow'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'
import { ensureUser, signedInRouter, TEST_PASSWORD } from '../helpers/session'

describe('who may approve the review', () => {
  test(
    'a clerk sees the approval off and why; signed in again as approver through the UI, the approval goes through',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        clock: '2025-11-20T02:00:00Z',
        role: 'clerk',
        seed: async (ctx) => {
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
        },
      })
      const { page, ctx } = app
      const approve = page.getByRole('form', { name: ui('review.approve.title') })

      await step('the clerk sees the approval off, with the reason, before typing anything; the cycle stays open', async () => {
        await page.getByRole('button', { name: ui('nav.review') }).click()
        const button = approve.getByRole('button', { name: ui('review.approve') })
        await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true')
        await expect
          .poll(() => approve.getByText(ui('access.needs', { role: 'người phê duyệt', mine: 'cán bộ nhập liệu' })).isVisible())
          .toBe(true)
        await expect.poll(() => approve.getByLabel(ui('review.decisionNumber')).isDisabled()).toBe(true)
        await button.click({ force: true })
        expect((await ctx.store.db.selectFrom('review_cycles').select('state').executeTakeFirstOrThrow()).state).toBe('open')
      })

      await step('signed out and in again as the approver, the approval goes through', async () => {
        await page.getByRole('button', { name: ui('auth.signOut') }).click()
        await expect.poll(() => page.getByRole('heading', { name: ui('auth.signInTitle') }).isVisible()).toBe(true)
        await page.getByLabel(ui('auth.username')).fill('test-approver')
        await page.getByLabel(ui('auth.password')).fill(TEST_PASSWORD)
        await page.getByRole('button', { name: ui('auth.signIn') }).click()
        await page.getByRole('button', { name: ui('nav.review') }).click()
        await approve.getByLabel(ui('review.decisionNumber')).fill('88/QĐ-UBND')
        await approve.getByRole('button', { name: ui('review.approve') }).click()
        await expect
          .poll(() => page.getByText(uiPattern('review.state.approved', { number: '88/QĐ-UBND', date: '20/11/2025' })).isVisible())
          .toBe(true)
        const cycle = await ctx.store.db.selectFrom('review_cycles').select(['state', 'decision_number']).executeTakeFirstOrThrow()
        expect(cycle).toEqual({ state: 'approved', decision_number: '88/QĐ-UBND' })
        const trail = await ctx.store.db
          .selectFrom('audit_log')
          .select('actor')
          .where('entity', '=', 'review_cycle')
          .where('action', '=', 'approve')
          .execute()
        expect(trail).toEqual([{ actor: 'test-approver' }])
        // The clerk's screen never sent the call the router would refuse.
        expect(app.errors).toEqual([])
      })
    },
  )
})
