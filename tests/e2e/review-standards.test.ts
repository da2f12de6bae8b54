import { describe, expect } from 'vitest'
import { CLASS_LABEL } from '@shared/standards/classify'
import { saveHousehold } from '../../electron/main/services/households/save'
import { addCase } from '../../electron/main/services/reviews/cases'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'

// Which standard a review uses, the survey by the B1 score entered, and moving a review opened
// under the old standard — in Chromium, through the same router the app binds.

const BASIS_2026 = 'Kỳ rà soát năm 2026 xác định danh sách năm 2027 — Chuẩn nghèo đa chiều giai đoạn 2027–2030, Nghị định 351/2025/NĐ-CP'

describe('the review’s standard in Chromium', () => {
  test(
    'the 2026 review opens under 2027–2030 and the 2021 review under 2022–2025; B1 140 is poor, 150 is not',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        clock: '2026-09-15T02:00:00Z',
        role: 'approver',
        seed: async (ctx) => {
          const v = (await officeWithVillages(ctx)).villages['Thôn Đồng Tâm']!
          await saveHousehold(ctx, household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
          await saveHousehold(ctx, household(v, 'Lý Văn Cường', '020075000003', 2024, 4_000_000))
        },
      })
      const { page, ctx } = app
      const yearBox = page.getByLabel(ui('review.year'))
      const openButton = page.getByRole('button', { name: ui('review.open') })
      const cycleOf = async (year: number) =>
        (await ctx.store.db.selectFrom('review_cycles').select('standard_id').where('year', '=', year).executeTakeFirst())?.standard_id

      await step('the page says which standard the 2026 review will use, then opens it under Decree 351/2025', async () => {
        await page.getByRole('button', { name: ui('nav.review') }).click()
        await expect
          .poll(() =>
            page
              .getByText(uiPattern('review.willUse', { year: 2026, lists: 2027, standard: /Chuẩn nghèo đa chiều giai đoạn 2027–2030.*/ }))
              .isVisible(),
          )
          .toBe(true)
        await openButton.click()
        await expect.poll(() => page.getByText(BASIS_2026, { exact: true }).isVisible()).toBe(true)
        expect(await cycleOf(2026)).toBe('mdp-2027-2030')
        // Only the poor household is on the list (An, poor in 2024); Cường is above every line.
        await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
        await expect.poll(() => page.locator('tr[data-case]').count()).toBe(1)
        await expect.poll(() => page.locator('tr[data-case="Hoàng Văn An"]').isVisible()).toBe(true)
        await app.screenshot('review-standards-1-2026')
        // The 2026 review is open: its movements are shown as provisional, not as final figures.
        await page.getByRole('tab', { name: ui('review.tab.movements') }).click()
        await page.getByRole('button', { name: ui('review.movements.show') }).click()
        await expect.poll(() => page.getByRole('note').textContent()).toBe(ui('review.movements.provisional', { year: 2026 }))
      })

      await step('the 2021 review sets the 2022 lists: 2022–2025', async () => {
        await yearBox.fill('2021')
        await expect.poll(() => openButton.isVisible()).toBe(true)
        await openButton.click()
        await expect
          .poll(() =>
            page.getByText(/^Kỳ rà soát năm 2021 xác định danh sách năm 2022 — Chuẩn nghèo đa chiều giai đoạn 2022–2025/).isVisible(),
          )
          .toBe(true)
        expect(await cycleOf(2021)).toBe('mdp-2022-2025')
      })

      await step('the 2025 review: the B1 score typed from the paper form decides (rural threshold 140)', async () => {
        await yearBox.fill('2025')
        await expect.poll(() => openButton.isVisible()).toBe(true)
        await openButton.click()
        await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
        await page.getByRole('button', { name: 'Hoàng Văn An', exact: true }).click()
        const panel = page.getByRole('complementary', { name: `${ui('review.survey.title')} — Hoàng Văn An` })
        const form = panel.getByRole('form', { name: ui('review.survey.title') })
        const result = (cls: string) => panel.getByText(ui('review.result', { result: cls }), { exact: true })
        await expect.poll(() => form.getByText(ui('review.survey.b1Hint', { rural: 140, urban: 175 })).isVisible()).toBe(true)
        await form.getByLabel(ui('review.survey.b1')).fill('150')
        for (const no of [3, 9, 10]) await form.getByLabel(new RegExp(`^${no}\\. `)).check()
        await form.getByLabel(/^11\. /).uncheck()
        await form.getByRole('button', { name: ui('review.survey.save') }).click()
        await expect.poll(() => panel.getByText(ui('review.scores', { a: 150, b: 30 })).isVisible()).toBe(true)
        await expect.poll(() => result(CLASS_LABEL.poor).isVisible()).toBe(false)
        await expect
          .poll(() => panel.getByText('Điểm B1 150 > 140 (ngưỡng nông thôn) → không thuộc diện nghèo, cận nghèo').isVisible())
          .toBe(true)
        // A score that is not a whole number is refused next to its field, before anything is sent.
        await form.getByLabel(ui('review.survey.b1')).fill('14,5')
        await form.getByRole('button', { name: ui('review.survey.save') }).click()
        await expect.poll(() => panel.getByText(ui('review.survey.b1Error')).isVisible()).toBe(true)
        await form.getByLabel(ui('review.survey.b1')).fill('140')
        await form.getByRole('button', { name: ui('review.survey.save') }).click()
        await expect.poll(() => result(CLASS_LABEL.poor).isVisible()).toBe(true)
        await expect.poll(() => panel.getByText(ui('review.scores', { a: 140, b: 30 })).isVisible()).toBe(true)
        await app.screenshot('review-standards-2-b1')
        expect(app.errors).toEqual([])
      })
    },
  )

  test(
    'a 2026 review opened under 2022–2025 is moved to 2027–2030 after a preview of the cases that change class',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        clock: '2026-09-20T02:00:00Z',
        role: 'clerk',
        seed: async (ctx) => {
          const v = (await officeWithVillages(ctx)).villages['Thôn Đồng Tâm']!
          // Entered in 2026 before the review: under the standard in force that day (2022–2025).
          await saveHousehold(ctx, household(v, 'Hoàng Văn An', '020075000001', 2026, 1_000_000, [3, 9, 10]))
          await saveHousehold(ctx, household(v, 'Nông Văn Bình', '020075000002', 2026, 1_800_000, [9]))
          const office = await ctx.store.db.selectFrom('office').select('id').executeTakeFirstOrThrow()
          // As a database upgraded from before this change holds it.
          await ctx.store.db
            .insertInto('review_cycles')
            .values({
              id: '2f1d0c7e-6a55-4c1b-8a7e-0d3f5b9c1e22',
              office_id: office.id,
              year: 2026,
              standard_id: 'mdp-2022-2025',
              opened_on: '2026-09-01',
              state: 'open',
              decision_number: null,
              decision_date: null,
              standard_reason: null,
              created_at: '2026-09-01T00:00:00Z',
              updated_at: '2026-09-01T00:00:00Z',
            })
            .execute()
          for (const h of await ctx.store.db.selectFrom('households').select('id').execute())
            await addCase(ctx, { year: 2026, householdId: h.id, reason: 'Danh sách mở trước khi cập nhật' })
        },
      })
      const { page, ctx } = app
      const move = page.getByRole('form', { name: ui('review.restandard.title') })

      await step('the page warns that the law sets 2027–2030 for the 2026 review', async () => {
        await page.getByRole('button', { name: ui('nav.review') }).click()
        await expect
          .poll(() => page.getByRole('alert').first().textContent())
          .toMatch(/danh sách năm 2027 phải xác định theo Chuẩn nghèo đa chiều giai đoạn 2027–2030/)
        await expect.poll(() => move.getByLabel(ui('review.restandard.to')).inputValue()).toBe('mdp-2027-2030')
      })

      await step('the preview says how many cases change class; nothing changes until confirmed', async () => {
        await move.getByRole('button', { name: ui('review.restandard.preview') }).click()
        const preview = move.getByRole('region', { name: ui('review.restandard.previewTitle') })
        await expect.poll(() => preview.textContent()).toMatch(uiPattern('review.restandard.summary', { reclassified: 2, changed: 1 }))
        await expect.poll(() => preview.textContent()).toMatch(/Nông Văn Bình \(HGD-000002\): Không thuộc nhóm nào → Hộ cận nghèo/)
        expect((await ctx.store.db.selectFrom('review_cycles').select('standard_id').executeTakeFirstOrThrow()).standard_id).toBe(
          'mdp-2022-2025',
        )
        await app.screenshot('review-standards-3-preview')
      })

      await step('without a reason the move is refused; with one it is made, and the warning is gone', async () => {
        const confirm = move.getByRole('button', {
          name: ui('review.restandard.confirm', { standard: 'Chuẩn nghèo đa chiều giai đoạn 2027–2030' }),
        })
        await confirm.click()
        await expect.poll(() => move.getByRole('alert').textContent()).toMatch(/Nêu lý do chuyển chuẩn nghèo/)
        await move.getByLabel(ui('review.restandard.reason')).fill('Danh sách năm 2027 theo Nghị định 351/2025/NĐ-CP')
        await confirm.click()
        await expect
          .poll(() => page.getByText(/\(đã chuyển chuẩn: Danh sách năm 2027 theo Nghị định 351\/2025\/NĐ-CP\)$/).isVisible())
          .toBe(true)
        await expect.poll(() => page.getByText(/phải xác định theo/).count()).toBe(0)
        const rows = await ctx.store.db
          .selectFrom('household_assessments as a')
          .innerJoin('households as h', 'h.id', 'a.household_id')
          .select(['h.head_name', 'a.classification', 'a.standard_id'])
          .orderBy('h.head_name')
          .execute()
        expect(rows).toEqual([
          { head_name: 'Hoàng Văn An', classification: 'poor', standard_id: 'mdp-2027-2030' },
          { head_name: 'Nông Văn Bình', classification: 'near_poor', standard_id: 'mdp-2027-2030' },
        ])
        expect(app.errors).toEqual([])
      })
    },
  )
})
