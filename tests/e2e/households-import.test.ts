import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { officeWithVillages } from '../helpers/households'
import { writeMessyWorkbook } from '../helpers/messy-workbook'
import { tempContext, tempDir } from '../helpers/temp'

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('household import in Chromium', () => {
  it('imports a messy workbook valid-rows-only, saves the error copy, fixes a row, re-imports without duplicates', async () => {
    let openPath: string | null = null
    const saved: string[] = []
    const ctx = await tempContext({
      files: {
        chooseOpenFile: async () => openPath,
        chooseSaveFile: async ({ defaultName }) => {
          const path = join(ctx.dir, defaultName)
          saved.push(path)
          return path
        },
      },
    })
    await officeWithVillages(ctx)
    const messy = join(ctx.dir, 'danh-sach-2024.xlsx')
    await writeMessyWorkbook(messy)
    openPath = messy
    session = await openAppInChromium(ctx)
    const { page } = session
    const count = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('households')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await page.getByRole('button', { name: 'Nhập từ Excel…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nhập danh sách hộ từ Excel' })
    await dialog.getByRole('button', { name: 'Chọn tệp Excel…' }).click()

    // The workbook opens on a notes sheet; the list's sheet is found, its columns matched, every bad row reported.
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Xem trước: 2 hộ mới, 0 hộ cập nhật, 3 dòng lỗi/)
    expect(await dialog.getByLabel('Trang tính').inputValue()).toBe('Danh sách')
    expect(
      await dialog
        .getByLabel('Số CCCD/CMND')
        .evaluate((s: { selectedOptions: ArrayLike<{ textContent: string | null }> }) => s.selectedOptions[0]?.textContent),
    ).toBe('Số định danh cá nhân')
    const errors = dialog.getByRole('region', { name: 'Các dòng lỗi' })
    expect(await errors.textContent()).toMatch(/Dòng 8, cột "Thu nhập bình quân": /)
    expect(await errors.textContent()).toMatch(/Dòng 9, cột "Số định danh cá nhân": /)
    expect(await errors.textContent()).toMatch(/Dòng 10, cột "Ngày sinh": /)
    await session.screenshot('households-5-import-preview')
    expect(await count()).toBe(0)

    // All-or-nothing (the default) writes nothing while rows are bad.
    await dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).click()
    await expect.poll(() => dialog.getByText(/Không nhập gì vì có 3 dòng lỗi/).isVisible()).toBe(true)
    expect(await count()).toBe(0)

    // Valid rows only: the two good rows go in; the error copy of the file is saved with an added column.
    await dialog.getByLabel('Chỉ nhập các dòng hợp lệ').check()
    await expect.poll(() => dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).isEnabled()).toBe(true)
    await dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).click()
    await expect.poll(() => dialog.getByText(/Đã nhập: 2 hộ mới, 0 hộ cập nhật, 3 dòng lỗi không nhập/).isVisible()).toBe(true)
    expect(await dialog.getByRole('progressbar').evaluate((p: { value: number; max: number }) => p.value === p.max)).toBe(true)
    expect(await count()).toBe(2)
    await dialog.getByRole('button', { name: 'Lưu tệp có cột lỗi…' }).click()
    await expect.poll(() => dialog.getByText(/Đã lưu tệp báo lỗi: danh-sach-2024 - loi\.xlsx/).isVisible()).toBe(true)
    const report = new ExcelJS.Workbook()
    await report.xlsx.readFile(saved.at(-1)!)
    const ws = report.getWorksheet('Danh sách')!
    expect(ws.getRow(4).getCell(11).value).toBe('Lỗi nhập')
    expect(String(ws.getRow(8).getCell(11).value)).toMatch(/Thu nhập bình quân/)

    // The clerk fixes row 8 (income in words) in the same file and imports it again: updates, no duplicates.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(messy)
    wb.getWorksheet('Danh sách')!.getRow(8).getCell(8).value = 1_000_000
    await wb.xlsx.writeFile(messy)
    await dialog.getByRole('button', { name: 'Chọn tệp Excel…' }).click()
    await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/Xem trước: 1 hộ mới, 2 hộ cập nhật, 2 dòng lỗi/)
    await dialog.getByLabel('Chỉ nhập các dòng hợp lệ').check()
    await expect.poll(() => dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).isEnabled()).toBe(true)
    await dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).click()
    await expect.poll(() => dialog.getByText(/Đã nhập: 1 hộ mới, 2 hộ cập nhật, 2 dòng lỗi không nhập/).isVisible()).toBe(true)
    const codes = await ctx.store.db.selectFrom('households').select('code').orderBy('code').execute()
    expect(codes.map((c) => c.code)).toEqual(['MS-001', 'MS-002', 'MS-003'])
    await session.screenshot('households-6-import-done')

    // Escape closes the dialog; the list shows the imported households and finds "Đinh" typed as "dinh".
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await page.getByLabel('Tìm theo tên hoặc số CCCD').fill('dinh van')
    const table = page.getByRole('table', { name: 'Danh sách hộ gia đình' })
    await expect.poll(() => table.getByRole('button', { name: 'Đinh Văn Khải' }).isVisible()).toBe(true)

    // The imported household's page traces it to the file and row it came from.
    await table.getByRole('button', { name: 'Đinh Văn Khải' }).click()
    await expect
      .poll(() => page.getByRole('table', { name: 'Nhật ký thay đổi' }).textContent())
      .toMatch(/Tạo hộ khi nhập từ tệp danh-sach-2024\.xlsx, dòng 6/)
    const importAudit = await ctx.store.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity', '=', 'household_import')
      .orderBy('seq')
      .execute()
    expect(importAudit).toHaveLength(2)
    expect(JSON.parse(importAudit[0]!.after_json!)).toMatchObject({
      file: 'danh-sach-2024.xlsx',
      created: 2,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(existsSync(saved[0]!)).toBe(true)

    // A blank template through main's save dialog.
    await page.getByRole('button', { name: 'Quay lại danh sách' }).click()
    await page.getByRole('button', { name: 'Tải mẫu danh sách trống' }).click()
    await expect.poll(() => page.getByText('Đã lưu mẫu: mau-danh-sach-ho.xlsx').isVisible()).toBe(true)
    expect(existsSync(join(ctx.dir, 'mau-danh-sach-ho.xlsx'))).toBe(true)
    expect(session.errors).toEqual([])
  })

  it('a long import can be cancelled from the dialog and leaves the register as it was', async () => {
    const big = join(tempDir(), 'danh-sach-lon.xlsx')
    await writeLongList(big, 20_000)
    const ctx = await tempContext({ files: { chooseOpenFile: async () => big, chooseSaveFile: async () => null } })
    await officeWithVillages(ctx)
    session = await openAppInChromium(ctx)
    const { page } = session
    const before = await ctx.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()

    await expect.poll(() => page.getByRole('heading', { name: 'Tổng quan' }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await page.getByRole('button', { name: 'Nhập từ Excel…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nhập danh sách hộ từ Excel' })
    await dialog.getByRole('button', { name: 'Chọn tệp Excel…' }).click()
    await expect.poll(() => dialog.getByText(/Xem trước: 20000 hộ mới/).isVisible(), { timeout: 60_000 }).toBe(true)
    await dialog.getByRole('button', { name: 'Nhập vào sổ hộ' }).click()
    // The bar shows while the job runs; Cancel (pressed at once, so the job cannot finish first on a slow machine)
    // stops it at its next checkpoint. Cancel in the middle of writing is checked in households-import-bad.test.ts.
    const cancel = dialog.getByRole('button', { name: 'Hủy nhập' })
    await expect.poll(() => cancel.isVisible()).toBe(true)
    expect(await dialog.getByRole('button', { name: 'Đóng' }).isDisabled()).toBe(true)
    await cancel.click()
    await expect
      .poll(() => dialog.getByText('Đã hủy; dữ liệu trong sổ hộ giữ nguyên như trước.').isVisible(), { timeout: 60_000 })
      .toBe(true)
    expect(await dialog.getByRole('progressbar').isVisible()).toBe(true)
    await session.screenshot('households-7-import-cancelled')
    const households = await ctx.store.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(households.n)).toBe(0)
    const after = await ctx.store.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
    expect(session.errors).toEqual([])
  }, 180_000)
})

/** A plain list of `n` households, long enough that the import is still running when Cancel is pressed. */
async function writeLongList(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true })
  const ws = wb.addWorksheet('DS')
  ws.addRow(['Mã hộ', 'Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập BQ', 'Các chỉ số thiếu hụt']).commit()
  for (let i = 0; i < n; i++) {
    ws.addRow([
      `L-${i}`,
      `Trần Văn ${i}`,
      1960 + (i % 40),
      'Nam',
      `020${String(i).padStart(9, '0')}`,
      'Thôn Đồng Tâm',
      1_000_000 + (i % 50) * 20_000,
      '1, 4',
    ]).commit()
  }
  ws.commit()
  await wb.commit()
}
