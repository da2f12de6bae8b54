import { describe, expect } from 'vitest'
import { saveHousehold } from '../../electron/main/services/households/save'
import { officeWithVillages } from '../helpers/households'
import { e2e, step, test, ui } from '../helpers/scenario'
import { isFocused } from '../helpers/in-page'

const KEY = 'Lò Văn Pàn · 03/02/1968'

describe('possible duplicates in Chromium', () => {
  test(
    'lists two households with the same name and birth date, and dismisses them from the keyboard with a note',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        seed: async (ctx) => {
          const { villages } = await officeWithVillages(ctx)
          for (const village of ['Thôn Đồng Tâm', 'Bản Nà Phặc']) {
            await saveHousehold(ctx, {
              household: { unitId: villages[village]!, areaType: 'rural' },
              members: [{ fullName: 'Lò Văn Pàn', sex: 'male', birthDate: '1968-02-03', relationship: 'head' }],
            })
          }
        },
      })
      const { page, ctx } = app
      const group = page.locator('.dup-groups > li')

      await step('the duplicates tab lists the two households as one group', async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
        await page.keyboard.press('Alt+2')
        await expect.poll(() => page.getByRole('heading', { name: ui('households.title') }).isVisible()).toBe(true)
        await page.getByRole('tab', { name: ui('households.tab.duplicates') }).click()
        await expect.poll(() => group.count()).toBe(1)
        await expect.poll(() => group.textContent()).toContain(ui('households.dup.name_birth', { key: KEY }))
      })

      await step('"not duplicates" with a note, confirmed with Enter, hides the group and keeps the note', async () => {
        await group.getByRole('button', { name: ui('households.dup.dismiss') }).click()
        // The note has the focus; Enter confirms.
        await expect.poll(() => group.getByLabel(ui('households.dup.dismissNote')).evaluate(isFocused)).toBe(true)
        await page.keyboard.type('Hai người khác nhau ở hai bản')
        await page.keyboard.press('Enter')
        await expect.poll(() => page.getByRole('status').first().textContent()).toBe(ui('households.dup.dismissed', { key: KEY }))
        await expect.poll(() => group.count()).toBe(0)
        await app.screenshot('households-duplicates-dismissed')

        const saved = await ctx.store.db.selectFrom('household_duplicate_dismissals').select(['reason', 'note', 'household_ids']).execute()
        expect(saved).toHaveLength(1)
        expect(saved[0]).toMatchObject({ reason: 'name_birth', note: 'Hai người khác nhau ở hai bản' })
        expect(saved[0]!.household_ids.split(',')).toHaveLength(2)
        expect(app.errors).toEqual([])
      })
    },
  )
})
