import { describe, expect } from 'vitest'
import { saveHousehold } from '../../electron/main/services/households/save'
import type { MessageKey } from '../../renderer/src/i18n'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'
import { isFocused } from '../helpers/in-page'

/** A member's field label, as the form writes it: "Họ và tên (Thành viên 2)". */
const memberLabel = (key: MessageKey, n: number) => `${ui(key)} (${ui('households.form.member', { n })})`

describe('household entry in Chromium', () => {
  test(
    'enters a household with members from the keyboard, sees it classified live with reasons, and finds it unaccented',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        seed: async (ctx) => {
          const { villages } = await officeWithVillages(ctx)
          // Already in the register: a citizen ID the form must refuse, and a name that must show literally.
          await saveHousehold(ctx, {
            household: { unitId: villages['Bản Nà Phặc']!, areaType: 'rural' },
            members: [{ fullName: '<b>x</b>', sex: 'male', birthDate: '1970', citizenId: '020170000999', relationship: 'head' }],
          })
        },
      })
      const { page, ctx } = app
      const income = page.getByLabel(ui('households.form.income'))
      const live = page.getByTestId('live-class')

      await step('the list shows a name with markup literally', async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
        await page.keyboard.press('Alt+2')
        await expect.poll(() => page.getByRole('heading', { name: ui('households.title') }).isVisible()).toBe(true)
        await expect.poll(() => page.getByText('<b>x</b>', { exact: true }).isVisible()).toBe(true)
        await expect.poll(() => page.locator('.vt b').count()).toBe(0)
      })

      await step('a household with two members, typed Tab by Tab', async () => {
        await page.getByRole('button', { name: ui('households.add') }).click()
        // The village list has the focus; the rest is typed, Tab by Tab where the order is the reading order.
        const unit = page.getByLabel(ui('households.form.unit'))
        await expect.poll(() => unit.evaluate(isFocused)).toBe(true)
        await unit.selectOption({ label: 'Thôn Đồng Tâm' })
        await page.getByLabel(memberLabel('households.form.fullName', 1)).fill('Nguyễn Văn Ánh')
        await page.keyboard.press('Tab') // relationship: already "Chủ hộ"
        await page.keyboard.press('Tab')
        await page.keyboard.press('N') // sex: "Nam"
        await page.keyboard.press('Tab')
        await page.keyboard.type('15/04/1980')
        await page.keyboard.press('Tab')
        await page.keyboard.type('02018000123') // 11 digits
        await page.getByRole('button', { name: ui('households.form.addMember') }).click()
        await page.getByLabel(memberLabel('households.form.fullName', 2)).fill('Lò Thị Hoa')
        await page.getByLabel(memberLabel('households.form.relationship', 2)).selectOption({ label: ui('households.rel.spouse') })
        await page.getByLabel(memberLabel('households.form.sex', 2)).selectOption({ label: ui('households.sex.female') })
        await page.getByLabel(memberLabel('households.form.birth', 2)).fill('01/01/2099')
        await page.getByLabel(memberLabel('households.form.citizenId', 2)).fill('020170000999')
      })

      await step('live classification: near-poor under the line, poor at the third deprivation', async () => {
        // Income under the rural line with fewer than 3 deprivations is near-poor…
        await income.fill('1.200.000')
        await expect.poll(() => live.textContent()).toContain(ui('households.class.near_poor'))
        // The reasons are the classifier's (shared/standards/classify.ts).
        await expect.poll(() => live.textContent()).toContain('Thu nhập 1.200.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đ')
        // …and becomes poor as the third deprivation is ticked.
        for (const name of [/9\. Nguồn nước/, /10\. Nhà tiêu/, /11\. Sử dụng dịch vụ viễn thông/]) await page.getByLabel(name).check()
        await expect.poll(() => live.textContent()).toContain(ui('households.class.poor'))
        await expect.poll(() => live.textContent()).toMatch(/Thiếu hụt 3 chỉ số/)
        await app.screenshot('households-1-form-live')
      })

      await step("Enter saves; the form's own checks put each message next to its field and focus the first one", async () => {
        await income.press('Enter')
        const idField = page.getByLabel(memberLabel('households.form.citizenId', 1))
        await expect.poll(() => idField.evaluate(isFocused)).toBe(true)
        await expect.poll(() => idField.getAttribute('aria-invalid')).toBe('true')
        await expect.poll(() => page.getByText(ui('households.err.citizenId')).isVisible()).toBe(true)
        await expect.poll(() => page.getByText(ui('households.err.birthFuture')).isVisible()).toBe(true)
        await idField.fill('020180001234')
        await page.getByLabel(memberLabel('households.form.birth', 2)).fill('1982')
        await page.keyboard.press('Enter')
      })

      await step("main refuses a citizen ID already in the register; the message lands next to that member's field", async () => {
        const id2 = page.getByLabel(memberLabel('households.form.citizenId', 2))
        await expect.poll(() => id2.getAttribute('aria-invalid')).toBe('true')
        await expect.poll(() => page.getByText(/Số CCCD 020170000999 đã có trong hộ HGD-000001/).isVisible()).toBe(true)
        await expect.poll(() => id2.evaluate(isFocused)).toBe(true)
        await app.screenshot('households-2-form-errors')
        await id2.fill('')
        await page.keyboard.press('Enter')
      })

      await step('the household page: classified on save by main, with its history and audit trail', async () => {
        await expect
          .poll(() =>
            page.getByRole('heading', { name: ui('households.detail.title', { code: 'HGD-000002', name: 'Nguyễn Văn Ánh' }) }).isVisible(),
          )
          .toBe(true)
        const history = page.getByRole('table', { name: ui('households.detail.history') })
        await expect.poll(() => history.textContent()).toContain(ui('households.class.poor'))
        await expect.poll(() => history.textContent()).toMatch(/Thiếu hụt 3 chỉ số/)
        await expect
          .poll(() => page.getByRole('table', { name: ui('households.detail.audit') }).textContent())
          .toMatch(/Tạo hộ HGD-000002, chủ hộ Nguyễn Văn Ánh/)
        await app.screenshot('households-3-page')
        const saved = await ctx.store.db
          .selectFrom('households')
          .select(['latest_class', 'member_count'])
          .where('code', '=', 'HGD-000002')
          .executeTakeFirstOrThrow()
        expect(saved).toEqual({ latest_class: 'poor', member_count: 2 })
      })

      await step('back to the list: an unaccented, lower-case search finds the new household', async () => {
        await page.getByRole('button', { name: ui('households.back') }).click()
        const search = page.getByLabel(ui('households.search'))
        await search.fill('nguyen van anh')
        await expect.poll(() => page.locator('.list-count').textContent()).toBe(ui('households.count', { count: 1 }))
        const table = page.getByRole('table', { name: ui('households.tableLabel') })
        await expect.poll(() => table.getByRole('button', { name: 'Nguyễn Văn Ánh' }).isVisible()).toBe(true)
        await search.fill('lo thi hoa')
        await expect.poll(() => table.getByRole('button', { name: 'Nguyễn Văn Ánh' }).isVisible()).toBe(true)
        await app.screenshot('households-4-search')
      })

      await step('Settings: the office corrects an unconfirmed value of the 2022–2025 standard; main keeps and audits it', async () => {
        await page.keyboard.press('Alt+7')
        const std = page.locator('form.standard-form').filter({ hasText: '2022–2026' })
        await std.getByLabel(ui('households.std.rural', { what: ui('households.std.averageLine') })).fill('2.400.000')
        await std.getByRole('button', { name: ui('common.save') }).click()
        await expect.poll(() => std.getByRole('status').textContent()).toMatch(uiPattern('households.std.saved'))
        const setting = await ctx.store.db
          .selectFrom('settings')
          .select('value_json')
          .where('key', '=', 'standards.overrides')
          .executeTakeFirstOrThrow()
        expect(JSON.parse(setting.value_json)).toMatchObject({ 'mdp-2022-2025': { averageLine: { rural: 2_400_000 } } })
        expect(app.errors).toEqual([])
      })
    },
  )
})
