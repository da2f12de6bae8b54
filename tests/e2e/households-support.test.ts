import { afterEach, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { localToday } from '@shared/domain/deadline'
import { formatDate } from '@shared/text/format'
import { saveHousehold } from '../../electron/main/services/households/save'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { officeWithVillages } from '../helpers/households'
import { tempContext } from '../helpers/temp'

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

// Runs in the page: whether the element has the keyboard focus.
const isFocused = (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement

/** The message a field is tied to for screen readers (Field's aria-describedby), which is the one shown under it. */
async function messageOf(field: Locator): Promise<string | null> {
  const id = await field.getAttribute('aria-describedby')
  return id ? field.page().locator(`[id="${id}"]`).textContent() : null
}

describe('household support in Chromium', () => {
  it('records support from the keyboard, lists it with the total, audits it, and refuses a bad entry next to its field', async () => {
    const ctx = await tempContext()
    const { villages } = await officeWithVillages(ctx)
    const household = await saveHousehold(ctx, {
      household: { unitId: villages['Thôn Đồng Tâm']!, areaType: 'rural' },
      members: [{ fullName: 'Hoàng Văn Sình', sex: 'male', birthDate: '1975', relationship: 'head' }],
    })
    const supportRows = () => ctx.store.db.selectFrom('household_support').selectAll().where('household_id', '=', household.id).execute()
    const supportAudits = () =>
      ctx.store.db
        .selectFrom('audit_log')
        .select(['actor', 'entity'])
        .where('entity_id', '=', household.id)
        .where('action', '=', 'support')
        .execute()
    session = await openAppInChromium(ctx, { signInAs: 'clerk' })
    const { page } = session

    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await page.getByRole('table', { name: 'Danh sách hộ gia đình' }).getByRole('button', { name: 'Hoàng Văn Sình' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'HGD-000001 — Hoàng Văn Sình' }).isVisible()).toBe(true)
    expect(await page.getByText('Chưa ghi nhận hỗ trợ.').isVisible()).toBe(true)

    // One entry typed field by field, Tab by Tab in reading order; Enter records it.
    const form = page.getByRole('form', { name: 'Ghi nhận một lần hỗ trợ' })
    const policy = form.getByLabel('Chính sách hỗ trợ', { exact: true })
    const amount = form.getByLabel('Số tiền (đồng)', { exact: true })
    await policy.focus()
    await page.keyboard.type('Hỗ trợ bò giống')
    await page.keyboard.press('Tab')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown') // "Dự án 3"
    // The date is the browser's own field, today by default; Tab steps through its parts (how many is Chromium's affair).
    const date = form.getByLabel('Ngày', { exact: true })
    const today = await date.inputValue()
    expect(today).toBe(localToday(new Date()))
    for (let i = 0; i < 6 && !(await amount.evaluate(isFocused)); i++) await page.keyboard.press('Tab')
    expect(await amount.evaluate(isFocused)).toBe(true)
    await page.keyboard.type('1.500.000')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Mô hình ngân hàng bò')
    await page.keyboard.press('Enter')

    await expect.poll(() => form.getByRole('status').textContent()).toBe('Đã ghi nhận hỗ trợ: Hỗ trợ bò giống, 1.500.000 đ.')
    const table = page.getByRole('table', { name: 'Hỗ trợ đã nhận' })
    const cells = (row: Locator) => row.locator('th, td').allTextContents()
    expect(await cells(table.locator('tbody tr'))).toEqual([
      formatDate(today),
      'Hỗ trợ bò giống',
      'Dự án 3: Hỗ trợ sản xuất, cải thiện dinh dưỡng',
      '1.500.000 đ',
      'Mô hình ngân hàng bò',
    ])
    expect(await cells(table.locator('tfoot tr'))).toEqual(['Tổng cộng (1 lượt)', '1.500.000 đ', ''])
    // Ready for the next entry: the policy has the focus again and is empty; the date is kept.
    expect(await policy.evaluate(isFocused)).toBe(true)
    expect(await policy.inputValue()).toBe('')
    expect(await date.inputValue()).toBe(today)

    // A second one, from an earlier distribution: listed under the first (newest first), added to the total.
    await page.keyboard.type('Hỗ trợ tiền điện')
    await date.fill('2024-11-20')
    await amount.fill('200000')
    await amount.press('Enter')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2)
    expect(await cells(table.locator('tbody tr').nth(1))).toEqual(['20/11/2024', 'Hỗ trợ tiền điện', '', '200.000 đ', ''])
    expect(await cells(table.locator('tfoot tr'))).toEqual(['Tổng cộng (2 lượt)', '1.700.000 đ', ''])
    await expect.poll(() => page.getByRole('table', { name: 'Nhật ký thay đổi' }).textContent()).toMatch(/Hỗ trợ: 1 → 2 lượt/)
    await session.screenshot('households-support-1-recorded')

    expect(
      (await supportRows())
        .map(({ policy, project, date, amount, note }) => ({ policy, project, date, amount, note }))
        .sort((a, b) => b.amount - a.amount),
    ).toEqual([
      { policy: 'Hỗ trợ bò giống', project: 3, date: today, amount: 1_500_000, note: 'Mô hình ngân hàng bò' },
      { policy: 'Hỗ trợ tiền điện', project: null, date: '2024-11-20', amount: 200_000, note: '' },
    ])
    expect(await supportAudits()).toEqual([
      { actor: 'test-clerk', entity: 'household' },
      { actor: 'test-clerk', entity: 'household' },
    ])

    // No policy: main refuses it, and its message lands under the policy, which gets the focus.
    await amount.fill('500.000')
    await amount.press('Enter')
    await expect.poll(() => policy.getAttribute('aria-invalid')).toBe('true')
    expect(await messageOf(policy)).toBe('Nhập chính sách hỗ trợ')
    expect(await policy.evaluate(isFocused)).toBe(true)

    // A negative amount is refused before asking main, with the message under the amount.
    await policy.fill('Hỗ trợ tiền điện')
    await amount.fill('-200.000')
    await amount.press('Enter')
    await expect.poll(() => amount.getAttribute('aria-invalid')).toBe('true')
    expect(await messageOf(amount)).toBe('Số tiền phải là số nguyên không âm (đồng), ví dụ 1.500.000')
    expect(await policy.getAttribute('aria-invalid')).toBe('false')
    expect(await amount.evaluate(isFocused)).toBe(true)
    await session.screenshot('households-support-2-refused')

    expect(await supportRows()).toHaveLength(2)
    expect(await supportAudits()).toHaveLength(2)
    expect(await table.locator('tbody tr').count()).toBe(2)
    expect(session.errors).toEqual([])
  })
})
