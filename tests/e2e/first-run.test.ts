import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { tempContext } from '../helpers/temp'

const UNITS_FILE = resolve(import.meta.dirname, '../fixtures/don-vi-hanh-chinh.csv')

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('first run in Chromium', () => {
  it('a new user sets up the office, its units and the standard, and lands in the Vietnamese shell', async () => {
    const ctx = await tempContext({ files: { chooseOpenFile: async () => UNITS_FILE, chooseSaveFile: async () => null } })
    session = await openAppInChromium(ctx)
    const { page } = session

    await expect.poll(() => page.getByRole('heading', { name: 'Thiết lập lần đầu' }).isVisible()).toBe(true)
    await session.screenshot('first-run-1-office')

    // Step 1: a wrong province code is caught next to its field, from the keyboard alone.
    await page.getByLabel('Tên đơn vị').fill('UBND xã Tân Thành')
    await page.keyboard.press('Tab')
    await page.keyboard.type('14563')
    await page.getByLabel('Mã tỉnh').fill('3')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Mã tỉnh gồm đúng 2 chữ số/)
    await page.getByLabel('Mã tỉnh').fill('37')
    await page.getByLabel('Tên tỉnh').fill('Ninh Bình')
    await page.keyboard.press('Enter')

    // Step 2: import the unit list through main's file dialog, then add a village by hand.
    await page.getByRole('button', { name: 'Nhập từ tệp…' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Đã đọc 5 đơn vị từ don-vi-hanh-chinh\.csv/)
    expect(await page.getByRole('status').textContent()).toMatch(/Dòng 5, cột "Mã xã": Mã "12\/3" không hợp lệ/)
    await page.getByLabel('Tên thôn/bản/tổ — Xã Tân Thành').fill('Xóm Mới')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByText('Xóm Mới').isVisible()).toBe(true)
    await session.screenshot('first-run-2-units')
    await page.getByRole('button', { name: 'Tiếp tục' }).click()

    // Step 3: the standard in force is preselected.
    await expect.poll(() => page.getByLabel(/Chuẩn nghèo đa chiều giai đoạn 2022–2025/).isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Tiếp tục' }).click()

    // Step 4: the first admin account; mismatched passwords are caught before anything is saved.
    await page.getByLabel('Họ và tên').fill('Trần Thị Lan')
    await page.getByLabel('Tên đăng nhập').fill('lan.tt')
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-manh-1')
    await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-khac')
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/không khớp/)
    expect(await ctx.store.db.selectFrom('office').selectAll().execute()).toEqual([])
    await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-manh-1')
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click()

    // The shell: navigation, the overview and the status bar with the office and the database file.
    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
    for (const item of [
      'Tổng quan',
      'Hộ gia đình',
      'Rà soát hằng năm',
      'Kế hoạch & nhiệm vụ',
      'Báo cáo',
      'Gửi tỉnh / Nhận gói',
      'Cài đặt',
    ]) {
      expect(await nav.getByRole('button', { name: item }).isVisible(), item).toBe(true)
    }
    const status = await page.locator('.shell__status').textContent()
    expect(status).toContain('UBND xã Tân Thành (14563)')
    expect(status).toContain(ctx.store.path)
    expect(status).toContain('Trần Thị Lan (Quản trị)')
    await expect.poll(() => page.locator('.stat').filter({ hasText: 'Hộ trong sổ' }).textContent()).toMatch(/^0/)
    const shot = await session.screenshot('first-run-3-shell')
    expect(readFileSync(shot).length).toBeGreaterThan(10_000)

    // What the user saw is what the database holds.
    const units = await ctx.store.db.selectFrom('admin_units').select(['name', 'kind']).orderBy('name').execute()
    expect(units.map((u) => u.name)).toEqual(['Bản Nà Phặc', 'Phường Hòa Bình', 'Thôn Đồng Tâm', 'Tổ 1', 'Xã Tân Thành', 'Xóm Mới'])
    const office = await ctx.store.db.selectFrom('office').selectAll().executeTakeFirstOrThrow()
    expect(office).toMatchObject({ code: '14563', province_code: '37', province_name: 'Ninh Bình', standard_id: 'mdp-2022-2025' })

    // Keyboard navigation between pages, and Settings shows the units with a rename that keeps history.
    await page.keyboard.press('Alt+7')
    await expect.poll(() => page.getByRole('heading', { name: 'Cài đặt' }).isVisible()).toBe(true)
    expect(await page.getByRole('heading', { name: 'Tài khoản người dùng' }).isVisible()).toBe(true)
    const admin = await ctx.store.db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
    expect(admin).toMatchObject({ username: 'lan.tt', role: 'admin' })
    expect(admin.password_hash).toMatch(/^scrypt\$/)
    expect(admin.password_hash).not.toContain('mat-khau-manh-1')
    expect(session.errors).toEqual([])
  })
})
