import { describe, expect } from 'vitest'
import type { Locator } from 'playwright-core'
import { localToday } from '@shared/domain/deadline'
import { formatDate } from '@shared/text/format'
import { saveHousehold } from '../../electron/main/services/households/save'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui } from '../helpers/scenario'
import { isFocused } from '../helpers/in-page'

/** The message a field is tied to for screen readers (Field's aria-describedby), which is the one shown under it. */
async function messageOf(field: Locator): Promise<string | null> {
  const id = await field.getAttribute('aria-describedby')
  return id ? field.page().locator(`[id="${id}"]`).textContent() : null
}

describe('household support in Chromium', () => {
  test(
    'records support from the keyboard, lists it with the total, audits it, and refuses a bad entry next to its field',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        seed: async (ctx) => {
          const { villages } = await officeWithVillages(ctx)
          await saveHousehold(ctx, {
            household: { unitId: villages['Thôn Đồng Tâm']!, areaType: 'rural' },
            members: [{ fullName: 'Hoàng Văn Sình', sex: 'male', birthDate: '1975', relationship: 'head' }],
          })
        },
        role: 'clerk',
      })
      const { page, ctx } = app
      const household = await ctx.store.db.selectFrom('households').select('id').where('code', '=', 'HGD-000001').executeTakeFirstOrThrow()
      const supportRows = () => ctx.store.db.selectFrom('household_support').selectAll().where('household_id', '=', household.id).execute()
      const supportAudits = () =>
        ctx.store.db
          .selectFrom('audit_log')
          .select(['actor', 'entity'])
          .where('entity_id', '=', household.id)
          .where('action', '=', 'support')
          .execute()
      const form = page.getByRole('form', { name: ui('households.support.form') })
      const policy = form.getByLabel(ui('households.support.policy'), { exact: true })
      const amount = form.getByLabel(ui('households.support.amount'), { exact: true })
      const date = form.getByLabel(ui('households.support.date'), { exact: true })
      const table = page.getByRole('table', { name: ui('households.detail.support') })
      const cells = (row: Locator) => row.locator('th, td').allTextContents()
      // The date field's default is the browser's today.
      const today = localToday(new Date())

      await step("the household's page has no support yet", async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
        await page.keyboard.press('Alt+2')
        await page
          .getByRole('table', { name: ui('households.tableLabel') })
          .getByRole('button', { name: 'Hoàng Văn Sình' })
          .click()
        await expect
          .poll(() =>
            page.getByRole('heading', { name: ui('households.detail.title', { code: 'HGD-000001', name: 'Hoàng Văn Sình' }) }).isVisible(),
          )
          .toBe(true)
        await expect.poll(() => page.getByText(ui('households.detail.noSupport')).isVisible()).toBe(true)
      })

      await step('one entry typed field by field, Tab by Tab in reading order; Enter records it', async () => {
        await policy.focus()
        await page.keyboard.type('Hỗ trợ bò giống')
        await page.keyboard.press('Tab')
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown') // "Dự án 3"
        // The date shows dd/mm/yyyy (DateInput, whatever the OS locale), today by default; Tab passes its calendar button.
        await expect.poll(() => date.inputValue()).toBe(formatDate(today))
        for (let i = 0; i < 6 && !(await amount.evaluate(isFocused)); i++) await page.keyboard.press('Tab')
        await expect.poll(() => amount.evaluate(isFocused)).toBe(true)
        await page.keyboard.type('1.500.000')
        await page.keyboard.press('Tab')
        await page.keyboard.type('Mô hình ngân hàng bò')
        await page.keyboard.press('Enter')

        await expect
          .poll(() => form.getByRole('status').textContent())
          .toBe(ui('households.support.saved', { policy: 'Hỗ trợ bò giống', amount: '1.500.000 đ' }))
        await expect
          .poll(() => cells(table.locator('tbody tr')))
          .toEqual([formatDate(today), 'Hỗ trợ bò giống', ui('households.project.3'), '1.500.000 đ', 'Mô hình ngân hàng bò'])
        await expect.poll(() => cells(table.locator('tfoot tr'))).toEqual([ui('households.support.total', { count: 1 }), '1.500.000 đ', ''])
        // Ready for the next entry: the policy has the focus again and is empty; the date is kept.
        await expect.poll(() => policy.evaluate(isFocused)).toBe(true)
        await expect.poll(() => policy.inputValue()).toBe('')
        await expect.poll(() => date.inputValue()).toBe(formatDate(today))
      })

      await step('a second one, from an earlier distribution: listed under the first (newest first), added to the total', async () => {
        await page.keyboard.type('Hỗ trợ tiền điện')
        await date.fill('2024-11-20')
        await amount.fill('200000')
        await amount.press('Enter')
        await expect.poll(() => table.locator('tbody tr').count()).toBe(2)
        await expect.poll(() => cells(table.locator('tbody tr').nth(1))).toEqual(['20/11/2024', 'Hỗ trợ tiền điện', '', '200.000 đ', ''])
        await expect.poll(() => cells(table.locator('tfoot tr'))).toEqual([ui('households.support.total', { count: 2 }), '1.700.000 đ', ''])
        await expect
          .poll(() => page.getByRole('table', { name: ui('households.detail.audit') }).textContent())
          .toMatch(/Hỗ trợ: 1 → 2 lượt/)
        await app.screenshot('households-support-1-recorded')

        expect(
          (await supportRows())
            .map(({ policy, project, date, amount, note }) => ({ policy, project, date, amount, note }))
            .sort((a, b) => b.amount - a.amount),
        ).toEqual([
          { policy: 'Hỗ trợ bò giống', project: 3, date: today, amount: 1_500_000, note: 'Mô hình ngân hàng bò' },
          { policy: 'Hỗ trợ tiền điện', project: null, date: '2024-11-20', amount: 200_000, note: '' },
        ])
        expect(await supportAudits()).toEqual([
          { actor: 'test-clerk', entity: 'household' },
          { actor: 'test-clerk', entity: 'household' },
        ])
      })

      await step('no policy: main refuses it, and its message lands under the policy, which gets the focus', async () => {
        await amount.fill('500.000')
        await amount.press('Enter')
        await expect.poll(() => policy.getAttribute('aria-invalid')).toBe('true')
        // The message is the support schema's (shared/domain/households.ts), sent back by main.
        await expect.poll(() => messageOf(policy)).toBe('Nhập chính sách hỗ trợ')
        await expect.poll(() => policy.evaluate(isFocused)).toBe(true)
      })

      await step('a negative amount is refused before asking main, with the message under the amount', async () => {
        await policy.fill('Hỗ trợ tiền điện')
        await amount.fill('-200.000')
        await amount.press('Enter')
        await expect.poll(() => amount.getAttribute('aria-invalid')).toBe('true')
        await expect.poll(() => messageOf(amount)).toBe(ui('households.err.amount'))
        await expect.poll(() => policy.getAttribute('aria-invalid')).toBe('false')
        await expect.poll(() => amount.evaluate(isFocused)).toBe(true)
        await app.screenshot('households-support-2-refused')

        expect(await supportRows()).toHaveLength(2)
        expect(await supportAudits()).toHaveLength(2)
        await expect.poll(() => table.locator('tbody tr').count()).toBe(2)
        expect(app.errors).toEqual([])
      })
    },
  )
})
