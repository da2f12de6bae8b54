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

// Runs in the page: whether the element has the keyboard focus.
const isFocused = (el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement

describe('household entry in Chromium', () => {
  it('enters a household with members from the keyboard, sees it classified live with reasons, and finds it unaccented', async () => {
    const ctx = await tempContext()
    const { villages } = await officeWithVillages(ctx)
    // Already in the register: a citizen ID the form must refuse, and a name that must show literally.
    await saveHousehold(ctx, {
      household: { unitId: villages['Bản Nà Phặc']!, areaType: 'rural' },
      members: [{ fullName: '<b>x</b>', sex: 'male', birthDate: '1970', citizenId: '020170000999', relationship: 'head' }],
    })
    session = await openAppInChromium(ctx)
    const { page } = session

    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await expect.poll(() => page.getByRole('heading', { name: 'Hộ gia đình' }).isVisible()).toBe(true)
    await expect.poll(() => page.getByText('<b>x</b>', { exact: true }).isVisible()).toBe(true)
    expect(await page.locator('.vt b').count()).toBe(0)

    await page.getByRole('button', { name: 'Thêm hộ' }).click()
    // The village list has the focus; the rest is typed, Tab by Tab where the order is the reading order.
    await expect.poll(() => page.getByLabel('Thôn/bản/tổ dân phố').evaluate(isFocused)).toBe(true)
    await page.getByLabel('Thôn/bản/tổ dân phố').selectOption({ label: 'Thôn Đồng Tâm' })
    await page.getByLabel('Họ và tên (Thành viên 1)').fill('Nguyễn Văn Ánh')
    await page.keyboard.press('Tab') // relationship: already "Chủ hộ"
    await page.keyboard.press('Tab')
    await page.keyboard.press('N') // sex: "Nam"
    await page.keyboard.press('Tab')
    await page.keyboard.type('15/04/1980')
    await page.keyboard.press('Tab')
    await page.keyboard.type('02018000123') // 11 digits
    await page.getByRole('button', { name: 'Thêm thành viên' }).click()
    await page.getByLabel('Họ và tên (Thành viên 2)').fill('Lò Thị Hoa')
    await page.getByLabel('Quan hệ với chủ hộ (Thành viên 2)').selectOption({ label: 'Vợ/chồng' })
    await page.getByLabel('Giới tính (Thành viên 2)').selectOption({ label: 'Nữ' })
    await page.getByLabel('Ngày sinh (Thành viên 2)').fill('01/01/2099')
    await page.getByLabel('Số CCCD (Thành viên 2)').fill('020170000999')

    // Live classification: income under the rural line with fewer than 3 deprivations is near-poor…
    const live = page.getByTestId('live-class')
    await page.getByLabel('Thu nhập bình quân (đồng/người/tháng)').fill('1.200.000')
    await expect.poll(() => live.textContent()).toMatch(/Hộ cận nghèo/)
    expect(await live.textContent()).toContain('Thu nhập 1.200.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đ')
    // …and becomes poor as the third deprivation is ticked.
    for (const name of [/9\. Nguồn nước/, /10\. Nhà tiêu/, /11\. Sử dụng dịch vụ viễn thông/]) await page.getByLabel(name).check()
    await expect.poll(() => live.textContent()).toMatch(/Hộ nghèo/)
    expect(await live.textContent()).toMatch(/Thiếu hụt 3 chỉ số/)
    await session.screenshot('households-1-form-live')

    // Enter saves; the form's own checks put each message next to its field and focus the first one.
    await page.getByLabel('Thu nhập bình quân (đồng/người/tháng)').press('Enter')
    const idField = page.getByLabel('Số CCCD (Thành viên 1)')
    await expect.poll(() => idField.evaluate(isFocused)).toBe(true)
    expect(await idField.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByText('Số CCCD phải gồm đúng 12 chữ số (CMND cũ: 9 chữ số)').isVisible()).toBe(true)
    expect(await page.getByText('Ngày sinh không được ở tương lai').isVisible()).toBe(true)
    await idField.fill('020180001234')
    await page.getByLabel('Ngày sinh (Thành viên 2)').fill('1982')
    await page.keyboard.press('Enter')

    // Main refuses a citizen ID already in the register; the message lands next to that member's field.
    const id2 = page.getByLabel('Số CCCD (Thành viên 2)')
    await expect.poll(() => id2.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByText(/Số CCCD 020170000999 đã có trong hộ HGD-000001/).isVisible()).toBe(true)
    expect(await id2.evaluate(isFocused)).toBe(true)
    await session.screenshot('households-2-form-errors')
    await id2.fill('')
    await page.keyboard.press('Enter')

    // The household page: classified on save by main, with its history and audit trail.
    await expect.poll(() => page.getByRole('heading', { name: 'HGD-000002 — Nguyễn Văn Ánh' }).isVisible()).toBe(true)
    const history = page.getByRole('table', { name: 'Lịch sử phân loại qua các năm' })
    expect(await history.textContent()).toMatch(/Hộ nghèo/)
    expect(await history.textContent()).toMatch(/Thiếu hụt 3 chỉ số/)
    await expect
      .poll(() => page.getByRole('table', { name: 'Nhật ký thay đổi' }).textContent())
      .toMatch(/Tạo hộ HGD-000002, chủ hộ Nguyễn Văn Ánh/)
    await session.screenshot('households-3-page')
    const saved = await ctx.store.db
      .selectFrom('households')
      .select(['latest_class', 'member_count'])
      .where('code', '=', 'HGD-000002')
      .executeTakeFirstOrThrow()
    expect(saved).toEqual({ latest_class: 'poor', member_count: 2 })

    // Back to the list: an unaccented, lower-case search finds the new household.
    await page.getByRole('button', { name: 'Quay lại danh sách' }).click()
    await page.getByLabel('Tìm theo tên hoặc số CCCD').fill('nguyen van anh')
    await expect.poll(() => page.locator('.list-count').textContent()).toBe('1 hộ')
    const table = page.getByRole('table', { name: 'Danh sách hộ gia đình' })
    expect(await table.getByRole('button', { name: 'Nguyễn Văn Ánh' }).isVisible()).toBe(true)
    await page.getByLabel('Tìm theo tên hoặc số CCCD').fill('lo thi hoa')
    await expect.poll(() => table.getByRole('button', { name: 'Nguyễn Văn Ánh' }).isVisible()).toBe(true)
    await session.screenshot('households-4-search')

    // Settings: the office corrects an unconfirmed value of the 2022–2025 standard; main keeps and audits it.
    await page.keyboard.press('Alt+7')
    const std = page.locator('form.standard-form').filter({ hasText: '2022–2026' })
    await std.getByLabel('Mức sống trung bình — nông thôn').fill('2.400.000')
    await std.getByRole('button', { name: 'Lưu' }).click()
    await expect.poll(() => std.getByRole('status').textContent()).toMatch(/Đã lưu hiệu chỉnh/)
    const setting = await ctx.store.db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', 'standards.overrides')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(setting.value_json)).toMatchObject({ 'mdp-2022-2025': { averageLine: { rural: 2_400_000 } } })
    expect(session.errors).toEqual([])
  })
})
