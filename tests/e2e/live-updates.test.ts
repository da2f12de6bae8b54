import { resolve } from 'node:path'
import { describe, expect } from 'vitest'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { e2e, step, test, ui } from '../helpers/scenario'
import { signedInRouter } from '../helpers/session'

const SAMPLE = resolve(import.meta.dirname, '../fixtures/danh-sach-ho-ngheo-mau.xlsx')

// Issue 14 item 5 / issue 17 item 6: a page shows what another window (here a second router on the
// same register, as a second window of the app would be) or a finishing job changed, by main's
// events, without the clerk reloading or leaving the page.
describe('pages stay fresh without polling', () => {
  test(
    'the register, an open household and the agency list update when another window writes or its import ends',
    e2e,
    async ({ scenario }) => {
      let villageId = ''
      const app = await scenario({
        clock: '2025-01-10T08:00:00Z',
        seed: async (ctx) => {
          villageId = Object.values((await officeWithVillages(ctx)).villages)[0]!
        },
      })
      const { page, ctx } = app
      const other = await signedInRouter(ctx, 'clerk')
      const ok = async (channel: string, input: unknown) => {
        const r = await other.invoke(channel, input)
        if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
        return r.data
      }

      await step('the household list is open, and empty', async () => {
        await page.getByRole('button', { name: ui('nav.households') }).click()
        await expect.poll(() => page.getByRole('heading', { name: ui('households.title') }).isVisible()).toBe(true)
        await expect.poll(() => page.getByText('Hoàng Văn Mới', { exact: true }).count()).toBe(0)
      })

      await step('another window saves a household: it appears in the open list', async () => {
        await ok('households.save', household(villageId, 'Hoàng Văn Mới', '037075000001', 2024, 1_000_000, [9, 10]))
        await expect.poll(() => page.getByText('Hoàng Văn Mới', { exact: true }).isVisible()).toBe(true)
      })

      await step("another window's import job ends: its households appear in the open list", async () => {
        const files = ctx.files
        ctx.files = { chooseOpenFile: async () => SAMPLE, chooseSaveFile: async () => null }
        try {
          const { token } = (await ok('households.import.pick', {})) as { token: string }
          await ok('households.import.start', { token, options: {} })
        } finally {
          ctx.files = files
        }
        await expect.poll(() => page.getByText('Nguyễn Văn Bình', { exact: true }).isVisible()).toBe(true)
        await expect.poll(() => page.getByText('Hoàng Thị Lụa', { exact: true }).isVisible()).toBe(true)
      })

      await step('an open household shows the support another window records for it', async () => {
        await page.getByText('Hoàng Văn Mới', { exact: true }).click()
        await expect.poll(() => page.getByRole('heading', { name: /Hoàng Văn Mới/ }).isVisible()).toBe(true)
        await expect.poll(() => page.getByText('Hỗ trợ tiền điện').count()).toBe(0)
        const found = (await ok('households.list', { search: 'Hoàng Văn Mới' })) as { rows: { id: string }[] }
        await ok('households.addSupport', {
          householdId: found.rows[0]!.id,
          policy: 'Hỗ trợ tiền điện',
          project: 1,
          date: '2025-01-05',
          amount: 300_000,
        })
        await expect.poll(() => page.getByText('Hỗ trợ tiền điện').first().isVisible()).toBe(true)
      })

      await step('on the plans page, an agency another window adds shows in the agency list', async () => {
        await page.getByRole('button', { name: ui('nav.plans') }).click()
        await page.getByRole('tab', { name: ui('plans.tab.agencies') }).click()
        await expect.poll(() => page.getByRole('form', { name: ui('plans.agency.add') }).isVisible()).toBe(true)
        await expect.poll(() => page.getByRole('cell', { name: 'Sở Y tế' }).count()).toBe(0)
        await ok('agencies.create', { name: 'Sở Y tế' })
        await expect.poll(() => page.getByRole('cell', { name: 'Sở Y tế' }).isVisible()).toBe(true)
      })

      expect(app.errors).toEqual([])
    },
  )
})
