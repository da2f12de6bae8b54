import { describe, expect } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { saveHousehold } from '../../electron/main/services/households/save'
import { openReview } from '../../electron/main/services/reviews/cycles'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { e2e, test, ui, uiPattern } from '../helpers/scenario'
import { inViewport } from '../helpers/in-page'

/**
 * Issue 17, finding 1: the review's "Danh sách hộ" with 3,000 households. A case opens in a side
 * panel beside the list (in view at 1366×768, not 70,000 px down), the list comes in pages (no
 * household hidden) and an unaccented search finds one household.
 */
describe('the review list of 3,000 households in Chromium', () => {
  test('a case opens beside the list, in view at 1366×768; an unaccented search finds one household', e2e, async ({ scenario }) => {
    const app = await scenario({
      clock: '2025-10-01T02:00:00Z',
      seed: async (ctx) => {
        const { villages } = await officeWithVillages(ctx)
        await generateDemoData(ctx, { households: 3000, seed: 17, years: [2024] })
        // Every generated household poor last year: all 3,000 are on this year's list.
        ctx.store.sqlite.prepare(`update household_assessments set classification = 'poor' where year = 2024`).run()
        await saveHousehold(ctx, household(villages['Bản Nà Phặc']!, 'Vừ Thị Dếnh', '020075009999', 2024, 900_000))
        await openReview(ctx, { year: 2025 })
      },
    })
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByRole('button', { name: ui('nav.review') }).click()
    await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
    const rows = page.locator('tr[data-case]')
    // A page of rows, not 3,001 at once, and the pager says how many there are in all.
    await expect.poll(() => rows.count()).toBe(100)
    await expect
      .poll(() =>
        page
          .getByText(uiPattern('review.cases.shown', { from: '1', to: '100', total: '3.001' }))
          .first()
          .isVisible(),
      )
      .toBe(true)

    // A row near the bottom of the page: its panel is in view, beside the list (to its right).
    const row = rows.nth(90)
    const name = (await row.getAttribute('data-case'))!
    await row.getByRole('button', { name, exact: true }).click()
    const panel = page.getByRole('complementary', { name: `${ui('review.survey.title')} — ${name}` })
    await expect.poll(() => panel.evaluate(inViewport)).toBe(true)
    // The row that opened it stays in view although the list narrowed to make room.
    await expect.poll(() => row.evaluate(inViewport)).toBe(true)
    const list = page.getByRole('table', { name: ui('review.tab.cases') })
    const [listBox, panelBox] = [await list.boundingBox(), await panel.boundingBox()]
    expect(listBox!.x + listBox!.width).toBeLessThanOrEqual(panelBox!.x + 1)
    await app.screenshot('review-list-1-drawer')

    // Search without accents: one household, on the first page.
    await page.getByLabel(ui('review.cases.search')).fill('vu thi denh')
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(() => rows.first().getAttribute('data-case')).toBe('Vừ Thị Dếnh')
    await rows.first().getByRole('button', { name: 'Vừ Thị Dếnh', exact: true }).click()
    const found = page.getByRole('complementary', { name: `${ui('review.survey.title')} — Vừ Thị Dếnh` })
    await expect.poll(() => found.evaluate(inViewport)).toBe(true)
    // Escape closes the panel.
    await found.press('Escape')
    await expect.poll(() => found.count()).toBe(0)
  })
})
