import { describe, expect } from 'vitest'
import { createRouter } from '../../electron/main/ipc'
import { saveHousehold } from '../../electron/main/services/households/save'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { datedCertificate } from '../helpers/dated-cert'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'
import { isFocused } from '../helpers/in-page'
import { ensureUser, TEST_PASSWORD } from '../helpers/session'

/**
 * Issue 17, finding 2 and 4: what cannot be taken back is asked first, in the program's own modal
 * (no window.prompt, which Electron does not support), and a finished import cannot run twice.
 */
describe('confirmations in Chromium', () => {
  test(
    'password reset in a dialog with two hidden entries; confirmations before discarding a form, removing a member, revoking a certificate and becoming the province',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        seed: async (ctx) => {
          const { villages } = await officeWithVillages(ctx)
          await saveHousehold(ctx, {
            household: { unitId: villages['Thôn Đồng Tâm']!, areaType: 'rural', address: 'Xóm Trên' },
            members: [
              { fullName: 'Hoàng Văn Sình', sex: 'male', birthDate: '1975', relationship: 'head' },
              { fullName: 'Lò Thị Mai', sex: 'female', birthDate: '1978', relationship: 'spouse' },
            ],
          })
          await ensureUser(ctx, 'clerk')
          const province = datedCertificate(ctx.dir, {
            code: '20',
            name: 'Sở Nông nghiệp',
            notBefore: '20250101000000Z',
            notAfter: '20450101000000Z',
          })
          await addTrusted(ctx, { pem: province.certPem })
        },
      })
      const { page, ctx } = app
      const dialog = page.getByRole('dialog')
      const office = () => ctx.store.db.selectFrom('office').selectAll().executeTakeFirstOrThrow()

      await step(
        'Settings → "Đặt lại mật khẩu": a modal with two hidden entries; a mismatch and a short password are refused',
        async () => {
          await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
          await page.keyboard.press('Alt+7')
          const before = await ctx.store.db
            .selectFrom('users')
            .select('password_hash')
            .where('username', '=', 'test-clerk')
            .executeTakeFirstOrThrow()
          await page.getByRole('button', { name: `${ui('users.resetPassword')} — test-clerk` }).click()
          await expect
            .poll(() => dialog.getByRole('heading').textContent())
            .toMatch(uiPattern('users.resetTitle', { username: 'test-clerk' }))
          await expect.poll(() => dialog.evaluate((d: { open: boolean }) => d.open)).toBe(true)
          const first = dialog.getByLabel(ui('users.newPassword'), { exact: true })
          const again = dialog.getByLabel(ui('users.newPasswordAgain'))
          await expect.poll(() => first.evaluate(isFocused)).toBe(true)
          expect(await first.getAttribute('type')).toBe('password')
          expect(await again.getAttribute('type')).toBe('password')
          await first.fill('mat-khau-moi-123')
          await again.fill('mat-khau-moi-124')
          await again.press('Enter')
          await expect.poll(() => dialog.getByRole('alert').first().textContent()).toBe(ui('auth.passwordMismatch'))
          await first.fill('ngan')
          await again.fill('ngan')
          await dialog.getByRole('button', { name: ui('users.resetPassword') }).click()
          await expect.poll(() => dialog.getByRole('alert').first().textContent()).toMatch(/tối thiểu 8 ký tự/)
          const after = await ctx.store.db
            .selectFrom('users')
            .select('password_hash')
            .where('username', '=', 'test-clerk')
            .executeTakeFirstOrThrow()
          expect(after.password_hash).toBe(before.password_hash)
          await app.screenshot('confirm-1-reset-password')
        },
      )

      await step(
        'the matching pair is taken: the dialog closes, says so, and the new password signs in (the old one no longer)',
        async () => {
          await dialog.getByLabel(ui('users.newPassword'), { exact: true }).fill('mat-khau-moi-123')
          await dialog.getByLabel(ui('users.newPasswordAgain')).fill('mat-khau-moi-123')
          await dialog.getByRole('button', { name: ui('users.resetPassword') }).click()
          await expect.poll(() => page.getByText(ui('users.resetDone', { username: 'test-clerk' })).isVisible()).toBe(true)
          await expect.poll(() => dialog.count()).toBe(0)
          // Focus goes back to the button that opened the dialog.
          await expect
            .poll(() => page.getByRole('button', { name: `${ui('users.resetPassword')} — test-clerk` }).evaluate(isFocused))
            .toBe(true)
          const router = createRouter(ctx)
          expect((await router.invoke('auth.signIn', { username: 'test-clerk', password: TEST_PASSWORD })).ok).toBe(false)
          expect((await router.invoke('auth.signIn', { username: 'test-clerk', password: 'mat-khau-moi-123' })).ok).toBe(true)
        },
      )

      const editHousehold = async () => {
        await page.getByRole('button', { name: ui('households.detail.edit') }).click()
        await expect
          .poll(() => page.getByRole('heading', { name: ui('households.form.edit', { code: 'HGD-000001' }) }).isVisible())
          .toBe(true)
      }
      const address = page.getByLabel(ui('households.form.address'))
      const formCancel = page.locator('form.household-form').getByRole('button', { name: ui('common.cancel'), exact: true })

      await step('"Hủy" on an untouched household form leaves at once; on a changed one it asks, and Escape keeps the typing', async () => {
        await page.keyboard.press('Alt+2')
        await page
          .getByRole('table', { name: ui('households.tableLabel') })
          .getByRole('button', { name: 'Hoàng Văn Sình' })
          .click()
        await editHousehold()
        await formCancel.click()
        await expect.poll(() => page.getByRole('button', { name: ui('households.detail.edit') }).isVisible()).toBe(true)
        await editHousehold()
        await address.fill('Xóm Dưới')
        await formCancel.click()
        await expect.poll(() => dialog.getByRole('heading').textContent()).toBe(ui('households.form.discardTitle'))
        await expect.poll(() => dialog.textContent()).toContain(ui('households.form.discardWhat.edit', { code: 'HGD-000001' }))
        await expect.poll(() => dialog.textContent()).toContain(ui('households.form.discardUndo'))
        // The safe choice has the focus; Tab stays inside the dialog.
        const keep = dialog.getByRole('button', { name: ui('households.form.keepEditing') })
        await expect.poll(() => keep.evaluate(isFocused)).toBe(true)
        await page.keyboard.press('Tab')
        await expect.poll(() => dialog.getByRole('button', { name: ui('households.form.discard') }).evaluate(isFocused)).toBe(true)
        await page.keyboard.press('Shift+Tab')
        await expect.poll(() => keep.evaluate(isFocused)).toBe(true)
        await page.keyboard.press('Escape')
        await expect.poll(() => dialog.count()).toBe(0)
        await expect.poll(() => address.inputValue()).toBe('Xóm Dưới')
        await expect.poll(() => formCancel.evaluate(isFocused)).toBe(true)
      })

      await step('"Bỏ thay đổi" discards: the register keeps the old address', async () => {
        await formCancel.click()
        await dialog.getByRole('button', { name: ui('households.form.discard') }).click()
        await expect.poll(() => page.getByRole('button', { name: ui('households.detail.edit') }).isVisible()).toBe(true)
        const row = await ctx.store.db.selectFrom('households').select('address').executeTakeFirstOrThrow()
        expect(row.address).toBe('Xóm Trên')
      })

      await step('"Xóa thành viên 2" names the member and asks; Cancel keeps her, confirming removes her once saved', async () => {
        await editHousehold()
        const remove = page.getByRole('button', { name: ui('households.form.removeMember', { n: 2 }) })
        await remove.click()
        await expect
          .poll(() => dialog.getByRole('heading').textContent())
          .toBe(ui('households.form.removeMemberTitle', { n: 2, name: 'Lò Thị Mai' }))
        await dialog.getByRole('button', { name: ui('common.cancel'), exact: true }).click()
        await expect.poll(() => dialog.count()).toBe(0)
        await expect.poll(() => page.getByRole('group', { name: ui('households.form.member', { n: 2 }) }).count()).toBe(1)
        await remove.click()
        await app.screenshot('confirm-2-remove-member')
        await dialog.getByRole('button', { name: ui('households.form.removeMember', { n: 2 }) }).click()
        await expect.poll(() => page.getByRole('group', { name: ui('households.form.member', { n: 2 }) }).count()).toBe(0)
        await expect.poll(() => page.getByRole('button', { name: ui('households.form.addMember') }).evaluate(isFocused)).toBe(true)
        await page.getByLabel(ui('households.form.income')).fill('1.200.000')
        await page.getByRole('button', { name: ui('households.form.save') }).click()
        await expect.poll(() => page.getByRole('button', { name: ui('households.detail.edit') }).isVisible()).toBe(true)
        await expect
          .poll(async () => (await ctx.store.db.selectFrom('household_members').select('full_name').execute()).map((m) => m.full_name))
          .toEqual(['Hoàng Văn Sình'])
      })

      await step("revoking the province's certificate names it, says it cannot be undone, and Cancel keeps it", async () => {
        await page.keyboard.press('Alt+6')
        const [entry] = await ctx.store.db.selectFrom('trusted_certificates').select(['name', 'office_code', 'status']).execute()
        const revoke = page.getByRole('button', { name: `${ui('packages.trust.revoke')} — ${entry!.name} (20)` })
        await revoke.click()
        await expect
          .poll(() => dialog.getByRole('heading').textContent())
          .toBe(ui('packages.trust.revokeTitle', { name: entry!.name, code: '20' }))
        await expect.poll(() => dialog.textContent()).toContain(ui('packages.trust.revokeUndo'))
        await page.keyboard.press('Escape')
        await expect.poll(() => dialog.count()).toBe(0)
        expect((await ctx.store.db.selectFrom('trusted_certificates').select('status').executeTakeFirstOrThrow()).status).toBe('active')
        await revoke.click()
        await dialog.getByRole('button', { name: ui('packages.trust.revokeConfirm') }).click()
        await expect.poll(() => page.getByRole('cell', { name: ui('packages.trust.revoked'), exact: true }).isVisible()).toBe(true)
        expect((await ctx.store.db.selectFrom('trusted_certificates').select('status').executeTakeFirstOrThrow()).status).toBe('revoked')
      })

      await step('province mode needs the office code typed; Cancel changes nothing', async () => {
        await page.keyboard.press('Alt+7')
        await page.getByLabel(ui('setup.office.level.province')).check()
        await page.getByLabel(ui('setup.office.code'), { exact: true }).fill('20')
        await page
          .getByRole('button', { name: ui('common.save'), exact: true })
          .first()
          .click()
        await expect.poll(() => dialog.getByRole('heading').textContent()).toBe(ui('settings.province.title'))
        await expect.poll(() => dialog.textContent()).toContain(ui('settings.province.what', { name: 'UBND xã Mẫu Sơn', code: '14563' }))
        const typed = dialog.getByLabel(ui('confirm.typeToConfirm', { text: '14563' }))
        const confirm = dialog.getByRole('button', { name: ui('settings.province.confirm') })
        await expect.poll(() => typed.evaluate(isFocused)).toBe(true)
        // Until the code is typed, the button is disabled and says why.
        await expect.poll(() => confirm.isDisabled()).toBe(true)
        await expect.poll(() => dialog.getByText(ui('confirm.typeFirst', { text: '14563' })).isVisible()).toBe(true)
        await typed.fill('1456')
        await typed.press('Enter')
        await expect.poll(() => confirm.isDisabled()).toBe(true)
        await app.screenshot('confirm-3-province')
        await dialog.getByRole('button', { name: ui('common.cancel'), exact: true }).click()
        await expect.poll(() => dialog.count()).toBe(0)
        expect(await office()).toMatchObject({ mode: 'office', code: '14563' })
      })

      await step('typed right, the office becomes the province', async () => {
        await page
          .getByRole('button', { name: ui('common.save'), exact: true })
          .first()
          .click()
        await dialog.getByLabel(ui('confirm.typeToConfirm', { text: '14563' })).fill('14563')
        await dialog.getByRole('button', { name: ui('settings.province.confirm') }).click()
        await expect.poll(() => page.getByText(ui('common.saved')).isVisible()).toBe(true)
        expect(await office()).toMatchObject({ mode: 'province', level: 'province', code: '20' })
        await page.keyboard.press('Alt+6')
        await expect.poll(() => page.getByRole('heading', { name: ui('packages.title.province') }).isVisible()).toBe(true)
        expect(app.errors).toEqual([])
      })
    },
  )
})
