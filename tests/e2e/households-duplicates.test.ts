import { afterEach, describe, expect, it } from 'vitest'
import { saveHousehold } from '../../electron/main/services/households/save'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { officeWithVillages } from '../helpers/households'
import { tempContext } from '../helpers/temp'

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('possible duplicates in Chromium', () => {
  it('lists two households with the same name and birth date, and dismisses them from the keyboard with a note', async () => {
    const ctx = await tempContext()
    const { villages } = await officeWithVillages(ctx)
    for (const village of ['Thôn Đồng Tâm', 'Bản Nà Phặc']) {
      await saveHousehold(ctx, {
        household: { unitId: villages[village]!, areaType: 'rural' },
        members: [{ fullName: 'Lò Văn Pàn', sex: 'male', birthDate: '1968-02-03', relationship: 'head' }],
      })
    }
    session = await openAppInChromium(ctx)
    const { page } = session
    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await expect.poll(() => page.getByRole('heading', { name: 'Hộ gia đình' }).isVisible()).toBe(true)
    await page.getByRole('tab', { name: 'Hộ có thể trùng' }).click()
    const group = page.locator('.dup-groups > li')
    await expect.poll(() => group.count()).toBe(1)
    expect(await group.textContent()).toContain('Cùng họ tên và ngày sinh: Lò Văn Pàn · 03/02/1968')

    await group.getByRole('button', { name: 'Không trùng…' }).click()
    // The note has the focus; Enter confirms.
    await page.keyboard.type('Hai người khác nhau ở hai bản')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe('Đã ghi nhận: Lò Văn Pàn · 03/02/1968 là các hộ khác nhau.')
    await expect.poll(() => group.count()).toBe(0)
    await session.screenshot('households-duplicates-dismissed')

    const saved = await ctx.store.db.selectFrom('household_duplicate_dismissals').select(['reason', 'note', 'household_ids']).execute()
    expect(saved).toHaveLength(1)
    expect(saved[0]).toMatchObject({ reason: 'name_birth', note: 'Hai người khác nhau ở hai bản' })
    expect(saved[0]!.household_ids.split(',')).toHaveLength(2)
    expect(session.errors).toEqual([])
  })
})
