import { describe, expect } from 'vitest'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'

describe('a commune office after the two-tier reform, in Chromium', () => {
  test('setup refuses to finish without a village; an admin adds a village later from Settings', e2e, async ({ scenario }) => {
    const app = await scenario()
    const { page, ctx } = app
    const next = page.getByRole('button', { name: ui('common.next') })

    await step('the commune level is the one preselected; the office is typed as a commune', async () => {
      await expect.poll(() => page.getByRole('heading', { name: ui('setup.title') }).isVisible()).toBe(true)
      await expect.poll(() => page.getByLabel(ui('setup.office.level.commune')).isChecked()).toBe(true)
      await page.getByLabel(ui('setup.office.name')).fill('UBND xã Tân Thành')
      await page.getByLabel(ui('setup.office.code')).fill('373')
      await page.getByLabel(ui('setup.office.provinceCode')).fill('37')
      await page.getByLabel(ui('setup.office.provinceName')).fill('Ninh Bình')
      await next.click()
      // A district's 3-digit code is refused for a commune office, next to the field (shared/domain/office-levels.ts).
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Mã cấp xã gồm đúng 5 chữ số/)
      await page.getByLabel(ui('setup.office.code')).fill('14563')
      await next.click()
      await expect.poll(() => page.getByText(ui('setup.units.communeIntro')).isVisible()).toBe(true)
    })

    await step('with no village the units step does not go on, and says why', async () => {
      await next.click()
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(uiPattern('setup.units.required', { noun: 'thôn/tổ dân phố' }))
      await expect.poll(() => page.getByText(ui('setup.units.communeIntro')).isVisible()).toBe(true)
      expect(await app.count('office')).toBe(0)
      await app.screenshot('commune-office-1-no-village')
    })

    await step('one village typed, the standard, the admin: the office is set up', async () => {
      await page.getByLabel(ui('setup.units.villageName')).fill('Thôn Đồng Tâm')
      await page.getByRole('button', { name: ui('setup.units.addVillage') }).click()
      await expect.poll(() => page.getByText('Thôn Đồng Tâm').isVisible()).toBe(true)
      await next.click()
      await expect.poll(() => page.getByText(ui('setup.standard.intro')).isVisible()).toBe(true)
      await next.click()
      await page.getByLabel(ui('auth.displayName')).fill('Trần Thị Lan')
      await page.getByLabel(ui('auth.username')).fill('lan.tt')
      await page.getByLabel(ui('auth.password'), { exact: true }).fill('mat-khau-manh-1')
      await page.getByLabel(ui('auth.passwordAgain')).fill('mat-khau-manh-1')
      await page.getByRole('button', { name: ui('setup.finish') }).click()
      await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
      const office = await ctx.store.db.selectFrom('office').selectAll().executeTakeFirstOrThrow()
      expect(office).toMatchObject({ code: '14563', level: 'commune', mode: 'office' })
    })

    await step('Settings: the admin adds a village under the commune, which the tree and the database show', async () => {
      await page.keyboard.press('Alt+7')
      await expect.poll(() => page.getByRole('heading', { name: ui('settings.title') }).isVisible()).toBe(true)
      await page.getByLabel(ui('setup.units.villageName')).fill('Xóm Mới')
      await page.getByRole('button', { name: ui('setup.units.addVillage') }).click()
      const tree = page.locator('.unit-tree')
      await expect.poll(() => tree.textContent()).toContain('Xóm Mới')
      await expect.poll(() => page.getByLabel(ui('setup.units.villageName')).inputValue()).toBe('')
      const units = await ctx.store.db.selectFrom('admin_units').select(['id', 'parent_id', 'kind', 'code', 'name']).execute()
      const commune = units.find((u) => u.kind === 'commune')!
      expect(commune).toMatchObject({ name: 'Xã Tân Thành', code: '14563', parent_id: null })
      expect(
        units
          .filter((u) => u.parent_id === commune.id)
          .map((u) => `${u.kind}:${u.name}`)
          .sort(),
      ).toEqual(['village:Thôn Đồng Tâm', 'village:Xóm Mới'])
      await app.screenshot('commune-office-2-settings')
    })

    await step('two villages merged from Settings: one row left, the other name kept as its history', async () => {
      const mergeInto = page.getByLabel(`${ui('settings.mergeInto')} — Xóm Mới`)
      await mergeInto.selectOption({ label: 'Thôn Đồng Tâm' })
      await page
        .locator('form', { has: mergeInto })
        .getByRole('button', { name: ui('settings.merge') })
        .click()
      const tree = page.locator('.unit-tree')
      await expect.poll(() => tree.textContent()).toContain(ui('settings.formerNames', { names: 'Xóm Mới' }))
      const merged = await ctx.store.db
        .selectFrom('admin_units')
        .select(['name', 'active'])
        .where('name', '=', 'Xóm Mới')
        .executeTakeFirstOrThrow()
      expect(merged.active).toBe(0)
    })

    await step('the letterhead in Settings dates documents from the commune; a change is kept', async () => {
      const place = page.getByLabel(ui('settings.letterhead.place'))
      await expect.poll(() => place.inputValue()).toBe('Tân Thành')
      await page.getByLabel(ui('settings.letterhead.name')).fill('Nguyễn Văn Hùng')
      await page.getByLabel(ui('settings.letterhead.name')).press('Enter')
      await expect
        .poll(async () =>
          JSON.parse(
            (await ctx.store.db.selectFrom('settings').select('value_json').where('key', '=', 'office.letterhead').executeTakeFirst())
              ?.value_json ?? 'null',
          ),
        )
        .toMatchObject({ place: 'Tân Thành', signer: { name: 'Nguyễn Văn Hùng', authority: 'TM. ỦY BAN NHÂN DÂN' } })
      expect(app.errors).toEqual([])
    })
  })
})
