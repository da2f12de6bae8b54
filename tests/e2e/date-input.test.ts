import { describe, expect } from 'vitest'
import { officeWithVillages } from '../helpers/households'
import { e2e, test, ui, type Scenario } from '../helpers/scenario'

/**
 * Issue 17, finding 7: dates are dd/mm/yyyy everywhere, typed or picked, whatever the OS locale
 * (Chromium's own <input type=date> shows mm/dd/yyyy here). Through the plan form's "Ngày ban hành".
 */
describe('DateInput in Chromium', () => {
  const plansForm = async (app: Scenario) => {
    const { page } = app
    await page.getByRole('button', { name: ui('nav.plans') }).click()
    await page.getByRole('tab', { name: ui('plans.tab.plans'), exact: true }).click()
    return page.getByRole('form', { name: ui('plans.plan.add') })
  }

  test('typing 05/12/2026 stores 2026-12-05 and shows 05/12/2026', e2e, async ({ scenario }) => {
    const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
    const form = await plansForm(app)
    const issuedOn = form.getByLabel(ui('plans.plan.issuedOn'))
    expect(await issuedOn.getAttribute('type')).not.toBe('date')
    await issuedOn.fill('05/12/2026')
    await form.getByLabel(ui('plans.plan.number')).fill('12/KH-UBND')
    await expect.poll(() => issuedOn.inputValue()).toBe('05/12/2026')
    await form.getByLabel(ui('plans.plan.issuer')).fill('UBND tỉnh Lạng Sơn')
    await form.getByLabel(ui('plans.plan.title')).fill('Giảm nghèo năm 2027')
    await form.getByLabel(ui('plans.plan.periodFrom')).fill('2027')
    await form.getByLabel(ui('plans.plan.periodTo')).fill('2027')
    await form.getByRole('button', { name: ui('plans.plan.add') }).click()
    await expect
      .poll(() => app.page.getByRole('heading', { name: /^Kế hoạch số 12\/KH-UBND/ }).textContent())
      .toBe(ui('plans.plan.heading', { number: '12/KH-UBND', date: '05/12/2026', title: 'Giảm nghèo năm 2027' }))
    const plan = await app.ctx.store.db.selectFrom('plans').select('issued_on').executeTakeFirstOrThrow()
    expect(plan.issued_on).toBe('2026-12-05')
  })

  test(
    'a date picked from the calendar shows dd/mm/yyyy; a date that does not exist is refused next to the field',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
      const form = await plansForm(app)
      const issuedOn = form.getByLabel(ui('plans.plan.issuedOn'))
      await expect.poll(() => form.getByRole('button', { name: ui('date.pick') }).isVisible()).toBe(true)
      // The calendar is Chromium's; what it hands back lands in the hidden native field behind the button.
      await form.locator('input[type="date"]').fill('2026-03-09', { force: true })
      await expect.poll(() => issuedOn.inputValue()).toBe('09/03/2026')
      await issuedOn.fill('31/02/2026')
      await issuedOn.blur()
      await expect.poll(() => form.getByRole('alert').first().textContent()).toBe(ui('date.invalid'))
      await expect.poll(() => issuedOn.getAttribute('aria-invalid')).toBe('true')
      await issuedOn.fill('1/3/2026')
      await issuedOn.blur()
      await expect.poll(() => issuedOn.inputValue()).toBe('01/03/2026')
      await expect.poll(() => form.getByRole('alert').count()).toBe(0)
    },
  )
})
