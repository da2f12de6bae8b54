import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect } from 'vitest'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'

const UNITS_FILE = resolve(import.meta.dirname, '../fixtures/don-vi-hanh-chinh.csv')

describe('first run in Chromium', () => {
  test(
    'a new user sets up a district office, its communes and villages and the standard, and lands in the Vietnamese shell',
    e2e,
    async ({ scenario }) => {
      const app = await scenario()
      const { page, ctx, dialogs } = app
      const next = page.getByRole('button', { name: ui('common.next') })
      const finish = page.getByRole('button', { name: ui('setup.finish') })

      await step('a wrong province code is caught next to its field, from the keyboard alone', async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('setup.title') }).isVisible()).toBe(true)
        await app.screenshot('first-run-1-office')
        // The list has two communes: this office is a district office (the level is chosen first).
        await page.getByLabel(ui('setup.office.level.district')).check()
        await page.getByLabel(ui('setup.office.name')).fill('UBND huyện Yên Mô')
        await page.keyboard.press('Tab')
        await page.keyboard.type('373')
        await page.getByLabel(ui('setup.office.provinceCode')).fill('3')
        await page.keyboard.press('Enter')
        // The message is the office schema's (shared/domain/office.ts), shown by the renderer next to the field.
        await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Mã tỉnh gồm đúng 2 chữ số/)
        await page.getByLabel(ui('setup.office.provinceCode')).fill('37')
        await page.getByLabel(ui('setup.office.provinceName')).fill('Ninh Bình')
        await page.keyboard.press('Enter')
      })

      await step("the unit list comes in through main's file dialog; a village is added by hand", async () => {
        dialogs.open(UNITS_FILE)
        await page.getByRole('button', { name: ui('setup.units.import') }).click()
        const status = page.getByRole('status')
        await expect
          .poll(() => status.textContent())
          .toMatch(uiPattern('setup.units.imported', { count: 5, file: 'don-vi-hanh-chinh.csv' }))
        await expect
          .poll(() => status.textContent())
          .toMatch(uiPattern('setup.units.rowError', { row: 5, column: 'Mã xã', message: 'Mã "12/3" không hợp lệ' }))
        await page.getByLabel(`${ui('setup.units.childName')} — Xã Tân Thành`).fill('Xóm Mới')
        await page.keyboard.press('Enter')
        await expect.poll(() => page.getByText('Xóm Mới').isVisible()).toBe(true)
        await app.screenshot('first-run-2-units')
        await next.click()
      })

      await step('the standard in force is preselected', async () => {
        await expect.poll(() => page.getByLabel(/Chuẩn nghèo đa chiều giai đoạn 2022–2025/).isChecked()).toBe(true)
        await next.click()
      })

      await step('the first admin account: mismatched passwords are caught before anything is saved', async () => {
        await page.getByLabel(ui('auth.displayName')).fill('Trần Thị Lan')
        await page.getByLabel(ui('auth.username')).fill('lan.tt')
        await page.getByLabel(ui('auth.password'), { exact: true }).fill('mat-khau-manh-1')
        await page.getByLabel(ui('auth.passwordAgain')).fill('mat-khau-khac')
        await finish.click()
        await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(uiPattern('auth.passwordMismatch'))
        expect(await ctx.store.db.selectFrom('office').selectAll().execute()).toEqual([])
        await page.getByLabel(ui('auth.passwordAgain')).fill('mat-khau-manh-1')
        await finish.click()
      })

      await step('the shell: navigation, the overview and the status bar with the office and the database file', async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
        const nav = page.getByRole('navigation', { name: ui('nav.label') })
        for (const key of [
          'nav.overview',
          'nav.households',
          'nav.review',
          'nav.plans',
          'nav.reports',
          'nav.packages',
          'nav.settings',
        ] as const) {
          await expect.poll(() => nav.getByRole('button', { name: ui(key) }).isVisible(), { message: key }).toBe(true)
        }
        const status = page.locator('.shell__status')
        await expect.poll(() => status.textContent()).toContain(ui('status.office', { name: 'UBND huyện Yên Mô', code: '373' }))
        await expect.poll(() => status.textContent()).toContain(ui('status.db', { path: ctx.store.path }))
        await expect.poll(() => status.textContent()).toContain(ui('auth.user', { name: 'Trần Thị Lan', role: ui('role.admin') }))
        await expect
          .poll(() =>
            page
              .locator('.stat')
              .filter({ hasText: ui('overview.registered') })
              .textContent(),
          )
          .toMatch(/^0/)
        const shot = await app.screenshot('first-run-3-shell')
        expect(readFileSync(shot).length).toBeGreaterThan(10_000)
      })

      await step('what the user saw is what the database holds', async () => {
        const units = await ctx.store.db.selectFrom('admin_units').select(['name', 'kind']).orderBy('name').execute()
        expect(units.map((u) => u.name)).toEqual(['Bản Nà Phặc', 'Phường Hòa Bình', 'Thôn Đồng Tâm', 'Tổ 1', 'Xã Tân Thành', 'Xóm Mới'])
        const office = await ctx.store.db.selectFrom('office').selectAll().executeTakeFirstOrThrow()
        expect(office).toMatchObject({
          code: '373',
          level: 'district',
          province_code: '37',
          province_name: 'Ninh Bình',
          standard_id: 'mdp-2022-2025',
        })
      })

      await step('Alt+7 opens Settings, with the user accounts; the admin is stored with a hashed password', async () => {
        await page.keyboard.press('Alt+7')
        await expect.poll(() => page.getByRole('heading', { name: ui('settings.title') }).isVisible()).toBe(true)
        await expect.poll(() => page.getByRole('heading', { name: ui('users.title') }).isVisible()).toBe(true)
        const admin = await ctx.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
        expect(admin).toMatchObject({ username: 'lan.tt', role: 'admin' })
        expect(admin.password_hash).toMatch(/^scrypt\$/)
        expect(admin.password_hash).not.toContain('mat-khau-manh-1')
        expect(app.errors).toEqual([])
      })
    },
  )
})
