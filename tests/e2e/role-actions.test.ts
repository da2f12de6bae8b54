import { describe, expect } from 'vitest'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui } from '../helpers/scenario'

const needs = (role: string, mine: string) => ui('access.needs', { role, mine })

/**
 * Issue 17, finding 8 (the rest): the packages page asks the session's role (through the
 * contract's own access rules) and shows what the user may not do off, with the reason, before
 * anything is typed; the router still refuses the call. The office form and backups:
 * settings-roles.test.ts; the review's approval: review-roles.test.ts.
 */
describe('what a role may not do on the packages page', () => {
  test(
    'a clerk sees signing, the key and the trusted offices off and why; an approver may sign but not make the key',
    e2e,
    async ({ scenario }) => {
      const clerk = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)), role: 'clerk' })
      await step('the clerk: every approver or admin action is off, says why, and a click asks for no file', async () => {
        const { page } = clerk
        await page.getByRole('button', { name: ui('nav.packages') }).click()
        const run = page.getByRole('button', { name: ui('packages.export.run') })
        await expect.poll(() => run.getAttribute('aria-disabled')).toBe('true')
        await expect.poll(() => run.getAttribute('title')).toBe(needs('người phê duyệt', 'cán bộ nhập liệu'))
        await expect.poll(() => page.getByLabel(ui('packages.sign.secret')).isDisabled()).toBe(true)
        const receipt = page.getByRole('button', { name: ui('packages.sent.importReceipt') })
        await expect.poll(() => receipt.getAttribute('title')).toBe(needs('người phê duyệt', 'cán bộ nhập liệu'))
        for (const key of ['packages.key.create', 'packages.key.importP12', 'packages.token.pick', 'packages.trust.pick'] as const) {
          const button = page.getByRole('button', { name: ui(key) })
          await expect.poll(() => button.getAttribute('aria-disabled'), { message: key }).toBe('true')
          await expect.poll(() => button.getAttribute('title'), { message: key }).toBe(needs('quản trị', 'cán bộ nhập liệu'))
        }
        await expect.poll(() => page.getByLabel(ui('packages.key.passphrase'), { exact: true }).isDisabled()).toBe(true)
        await clerk.screenshot('role-actions-1-clerk-packages')
        // Clicked anyway: no file dialog is asked for (the scenario's dialog queue would object) and no call is refused.
        await run.click({ force: true })
        await page.getByRole('button', { name: ui('packages.trust.pick') }).click({ force: true })
        expect(await clerk.count('packages_sent')).toBe(0)
        expect(clerk.errors).toEqual([])
      })

      const approver = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)), role: 'approver' })
      await step('the approver: signing is open; the key and the trusted offices stay the admin’s, and say so', async () => {
        const { page } = approver
        await page.getByRole('button', { name: ui('nav.packages') }).click()
        const run = page.getByRole('button', { name: ui('packages.export.run') })
        await expect.poll(() => run.getAttribute('aria-disabled')).toBeNull()
        await expect.poll(() => page.getByLabel(ui('packages.sign.secret')).isDisabled()).toBe(false)
        await expect
          .poll(() => page.getByRole('button', { name: ui('packages.sent.importReceipt') }).getAttribute('aria-disabled'))
          .toBeNull()
        const create = page.getByRole('button', { name: ui('packages.key.create') })
        await expect.poll(() => create.getAttribute('title')).toBe(needs('quản trị', 'người phê duyệt'))
        expect(approver.errors).toEqual([])
      })
    },
  )
})
