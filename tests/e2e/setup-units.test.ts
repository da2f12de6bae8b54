import { resolve } from 'node:path'
import { describe, expect } from 'vitest'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'

const UNITS_FILE = resolve(import.meta.dirname, '../fixtures/don-vi-hanh-chinh.csv')

/**
 * Issue 17, finding 3 (and finding 10's stale field messages in the first run): the units step
 * answers a missing unit, a unit typed or imported twice and a unit removed with its villages
 * there and then, not two steps later under the password.
 */
describe('the units step of the first run', () => {
  test('no unit, a repeated commune typed and imported, a commune removed with its villages', e2e, async ({ scenario }) => {
    const app = await scenario()
    const { page, ctx, dialogs } = app
    const next = page.getByRole('button', { name: ui('common.next') })
    const unitsAlert = page.locator('[data-error-for="units"]')

    await step('an empty office form: "Không được để trống" goes from each field as soon as it is filled', async () => {
      await expect.poll(() => page.getByRole('heading', { name: ui('setup.title') }).isVisible()).toBe(true)
      await page.getByLabel(ui('setup.office.level.district')).check()
      await next.click()
      const nameField = page.locator('.field').filter({ has: page.getByLabel(ui('setup.office.name')) })
      await expect.poll(() => nameField.getByRole('alert').textContent()).toBe('Không được để trống')
      await page.getByLabel(ui('setup.office.name')).fill('UBND huyện Yên Mô')
      await expect.poll(() => nameField.getByRole('alert').count()).toBe(0)
      await page.getByLabel(ui('setup.office.code')).fill('373')
      await page.getByLabel(ui('setup.office.provinceCode')).fill('37')
      await page.getByLabel(ui('setup.office.provinceName')).fill('Ninh Bình')
      await expect.poll(() => page.getByRole('alert').count()).toBe(0)
      await next.click()
      await expect.poll(() => page.getByText(ui('setup.units.intro')).isVisible()).toBe(true)
    })

    await step('with no commune the step does not go on, and says why; adding one answers it', async () => {
      await next.click()
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toMatch(uiPattern('setup.units.required', { noun: 'xã/phường' }))
      await expect.poll(() => page.getByText(ui('setup.units.intro')).isVisible()).toBe(true)
      await page.getByLabel(ui('setup.units.topName')).fill('Xã Tân Thành')
      await page.getByLabel(ui('setup.units.topCode')).fill('14563')
      await page.getByRole('button', { name: ui('setup.units.addTop') }).click()
      await expect.poll(() => page.locator('.unit-tree').textContent()).toContain('Xã Tân Thành')
      await expect.poll(() => page.getByRole('alert').count()).toBe(0)
    })

    await step('the same commune typed again (other accents and case) is refused at once, beside the list', async () => {
      await page.getByLabel(ui('setup.units.topName')).fill('xa tan thanh')
      await page.getByLabel(ui('setup.units.topCode')).fill('14563')
      await page.keyboard.press('Enter')
      await expect.poll(() => unitsAlert.textContent()).toBe(ui('setup.units.duplicate', { name: 'Xã Tân Thành (14563)' }))
      await expect.poll(() => page.locator('.unit-tree > li').count()).toBe(1)
      // Typing something else clears the message: it was about the last attempt.
      await page.getByLabel(ui('setup.units.topName')).fill('')
      await expect.poll(() => unitsAlert.count()).toBe(0)
    })

    await step('an imported list naming the same commune: it is not added twice, its villages join it, and the clerk is told', async () => {
      dialogs.open(UNITS_FILE)
      await page.getByRole('button', { name: ui('setup.units.import') }).click()
      await expect.poll(() => unitsAlert.textContent()).toBe(ui('setup.units.importRepeats', { count: 1, names: 'Xã Tân Thành (14563)' }))
      const tree = page.locator('.unit-tree')
      await expect.poll(() => tree.locator(':scope > li').count()).toBe(2)
      const tanThanh = tree.locator(':scope > li').filter({ hasText: 'Xã Tân Thành' })
      await expect.poll(() => tanThanh.textContent()).toContain('Thôn Đồng Tâm')
      await expect.poll(() => tanThanh.textContent()).toContain('Bản Nà Phặc')
      await app.screenshot('setup-units-1-repeat')
    })

    await step('removing a commune with a village asks first, naming how many go with it', async () => {
      const remove = page.getByRole('button', { name: `${ui('setup.units.remove')} Phường Hòa Bình` })
      await remove.click()
      const dialog = page.getByRole('dialog', { name: ui('setup.units.removeTitle', { name: 'Phường Hòa Bình' }) })
      await expect
        .poll(() => dialog.textContent())
        .toContain(ui('setup.units.removeWithChildren', { name: 'Phường Hòa Bình', count: 1, names: 'Tổ 1' }))
      await app.screenshot('setup-units-2-remove')
      await dialog.getByRole('button', { name: ui('common.cancel') }).click()
      await expect.poll(() => dialog.count()).toBe(0)
      await expect.poll(() => page.locator('.unit-tree').textContent()).toContain('Tổ 1')
      await remove.click()
      await dialog.getByRole('button', { name: ui('setup.units.removeConfirm', { count: 1 }) }).click()
      await expect.poll(() => page.locator('.unit-tree').textContent()).not.toContain('Phường Hòa Bình')
      await expect.poll(() => page.locator('.unit-tree').textContent()).not.toContain('Tổ 1')
    })

    await step('the rest of the setup goes through, with the units the clerk saw', async () => {
      await next.click()
      await next.click()
      await page.getByLabel(ui('auth.displayName')).fill('Trần Thị Lan')
      await page.getByLabel(ui('auth.username')).fill('lan.tt')
      await page.getByLabel(ui('auth.password'), { exact: true }).fill('mat-khau-manh-1')
      await page.getByLabel(ui('auth.passwordAgain')).fill('mat-khau-manh-1')
      await page.getByRole('button', { name: ui('setup.finish') }).click()
      await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
      const units = await ctx.store.db.selectFrom('admin_units').select('name').orderBy('name').execute()
      expect(units.map((u) => u.name)).toEqual(['Bản Nà Phặc', 'Thôn Đồng Tâm', 'Xã Tân Thành'])
      expect(app.errors).toEqual([])
    })
  })
})
