import { describe, expect } from 'vitest'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui } from '../helpers/scenario'

/**
 * Issue 17, finding 8: a button that cannot be used says why, and a clerk is told what their role
 * may not change before filling anything in.
 */
describe('what a role may not do, and why a button is off', () => {
  test(
    'a clerk sees the office details read-only with the reason; an admin’s "Sao lưu ngay" asks for a folder first',
    e2e,
    async ({ scenario }) => {
      const clerk = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)), role: 'clerk' })
      await step('the clerk: the office form is read-only, and the page says so', async () => {
        await clerk.page.getByRole('button', { name: ui('nav.settings') }).click()
        await expect.poll(() => clerk.page.getByRole('note').textContent()).toBe(ui('settings.adminOnly'))
        await expect.poll(() => clerk.page.getByRole('button', { name: ui('system.backup.now') }).count()).toBe(0)
      })

      const admin = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)), role: 'admin' })
      await step('the admin without a backup folder: the button is off, says why, and a click makes no backup', async () => {
        await admin.page.getByRole('button', { name: ui('nav.settings') }).click()
        const now = admin.page.getByRole('button', { name: ui('system.backup.now') })
        await expect.poll(() => now.getAttribute('aria-disabled')).toBe('true')
        await expect.poll(() => admin.page.getByText(ui('system.backup.needFolder')).first().isVisible()).toBe(true)
        await expect.poll(() => admin.page.getByRole('note').count()).toBe(0)
        await now.click({ force: true })
        await expect.poll(() => now.getAttribute('aria-describedby')).toBeTruthy()
        // No backup was attempted: none is recorded as the last one, made or failed.
        expect(await admin.ctx.store.db.selectFrom('settings').select('key').where('key', '=', 'system.backup.last').execute()).toEqual([])
        expect(admin.errors).toEqual([])
      })
    },
  )
})
