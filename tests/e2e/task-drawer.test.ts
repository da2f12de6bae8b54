import { describe, expect } from 'vitest'
import { createAgency } from '../../electron/main/services/plans/agencies'
import { createPlan } from '../../electron/main/services/plans/plans'
import { createTask } from '../../electron/main/services/plans/tasks'
import { officeWithVillages } from '../helpers/households'
import { e2e, test, ui } from '../helpers/scenario'
import { inViewport } from '../helpers/in-page'

/**
 * Issue 17, finding 1 (Plans): a task's follow-up opens in the side panel beside the plan's task
 * list, in view at 1366×768, not below the "Thêm nhiệm vụ" form.
 */
describe("a plan task's panel in Chromium", () => {
  test('the last of 25 tasks opens its panel beside the list, in view; Escape closes it', e2e, async ({ scenario }) => {
    const app = await scenario({
      clock: '2026-06-01T02:00:00Z',
      seed: async (ctx) => {
        await officeWithVillages(ctx)
        const lead = await createAgency(ctx, { name: 'Sở Y tế' })
        const plan = await createPlan(ctx, {
          number: '200/KH-UBND',
          issuedOn: '2026-01-10',
          issuer: 'UBND tỉnh Lạng Sơn',
          title: 'Giảm nghèo bền vững năm 2026',
          periodFrom: 2026,
          periodTo: 2026,
        })
        for (let i = 1; i <= 25; i++) {
          await createTask(ctx, {
            planId: plan.id,
            fields: { seq: String(i), content: `Nhiệm vụ số ${i}`, leadAgencyId: lead.id, deadline: { kind: 'date', date: '2026-12-10' } },
          })
        }
      },
    })
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByRole('button', { name: ui('nav.plans') }).click()
    await page.getByRole('tab', { name: ui('plans.tab.plans'), exact: true }).click()
    await page.getByRole('button', { name: '200/KH-UBND' }).click()
    const last = page.getByRole('button', { name: new RegExp(`^${ui('plans.col.seq')} 25: Nhiệm vụ số 25`) })
    await last.click()
    const panel = page.getByRole('complementary', { name: `${ui('plans.col.content')} 25` })
    await expect.poll(() => panel.evaluate(inViewport)).toBe(true)
    // The row that opened it stays in view although the list narrowed to make room.
    await expect.poll(() => last.evaluate(inViewport)).toBe(true)
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe('200/KH-UBND — 25. Nhiệm vụ số 25')
    const [button, box] = [await last.boundingBox(), await panel.boundingBox()]
    expect(button!.x + button!.width).toBeLessThanOrEqual(box!.x + 1)
    await app.screenshot('task-drawer-1')
    await panel.press('Escape')
    await expect.poll(() => panel.count()).toBe(0)
  })
})
