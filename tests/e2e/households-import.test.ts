import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect } from 'vitest'
import { IMPORT_FIELDS } from '@shared/domain/household-import'
import { officeWithVillages } from '../helpers/households'
import { writeMessyWorkbook } from '../helpers/messy-workbook'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'

// The mapping panel labels each field with its first synonym.
const citizenIdLabel = IMPORT_FIELDS.find((f) => f.field === 'citizenId')!.synonyms[0]

describe('household import in Chromium', () => {
  test(
    'imports a messy workbook valid-rows-only, saves the error copy, fixes a row, re-imports without duplicates',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
      const { page, ctx, dialogs } = app
      const messy = join(app.dir, 'danh-sach-2024.xlsx')
      await writeMessyWorkbook(messy)
      const dialog = page.getByRole('dialog', { name: ui('households.imp.title') })
      const startImport = dialog.getByRole('button', { name: ui('households.imp.start') })
      const validOnly = dialog.getByLabel(ui('households.imp.mode.valid_only'))

      await step('the preview finds the sheet, matches the columns and reports every bad row', async () => {
        await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
        await page.keyboard.press('Alt+2')
        await page.getByRole('button', { name: ui('households.import') }).click()
        dialogs.open(messy)
        await dialog.getByRole('button', { name: ui('households.imp.pick') }).click()
        // The workbook opens on a notes sheet; the list's sheet is found, its columns matched, every bad row reported.
        await expect
          .poll(() => dialog.getByRole('status').first().textContent())
          .toMatch(uiPattern('households.imp.summary', { created: 2, updated: 0, rejected: 3 }))
        await expect.poll(() => dialog.getByLabel(ui('households.imp.sheet')).inputValue()).toBe('Danh sách')
        await expect
          .poll(() =>
            dialog
              .getByLabel(citizenIdLabel)
              .evaluate((s: { selectedOptions: ArrayLike<{ textContent: string | null }> }) => s.selectedOptions[0]?.textContent),
          )
          .toBe('Số định danh cá nhân')
        const errors = dialog.getByRole('region', { name: ui('households.imp.errors') })
        for (const [row, column] of [
          [8, 'Thu nhập bình quân'],
          [9, 'Số định danh cá nhân'],
          [10, 'Ngày sinh'],
        ] as const) {
          await expect.poll(() => errors.textContent()).toMatch(uiPattern('households.imp.errorLine', { row, column }))
        }
        await app.screenshot('households-5-import-preview')
        expect(await app.count('households')).toBe(0)
      })

      await step('all-or-nothing (the default) writes nothing while rows are bad', async () => {
        await startImport.click()
        await expect.poll(() => dialog.getByText(ui('households.imp.notCommitted', { rejected: 3 })).isVisible()).toBe(true)
        expect(await app.count('households')).toBe(0)
      })

      await step('valid rows only: the two good rows go in; the error copy is saved with an added column', async () => {
        await validOnly.check()
        await expect.poll(() => startImport.isEnabled()).toBe(true)
        await startImport.click()
        await expect.poll(() => dialog.getByText(ui('households.imp.done', { created: 2, updated: 0, rejected: 3 })).isVisible()).toBe(true)
        await expect
          .poll(() => dialog.getByRole('progressbar').evaluate((p: { value: number; max: number }) => p.value === p.max))
          .toBe(true)
        expect(await app.count('households')).toBe(2)
      })

      await step(
        '"Nhập vào sổ hộ" cannot run the same import again: disabled, saying why, and a click (or Enter) does nothing',
        async () => {
          await expect.poll(() => startImport.isDisabled()).toBe(true)
          await expect.poll(() => startImport.getAttribute('title')).toBe(ui('households.imp.alreadyImported'))
          await expect.poll(() => dialog.getByText(ui('households.imp.alreadyImported'), { exact: true }).isVisible()).toBe(true)
          // Still reachable from the keyboard, so a clerk hears the reason; the import audit at the end counts two imports, not three.
          await startImport.focus()
          await page.keyboard.press('Enter')
          await startImport.click({ force: true })
          await expect
            .poll(() => dialog.getByText(ui('households.imp.done', { created: 2, updated: 0, rejected: 3 })).isVisible())
            .toBe(true)
        },
      )

      await step('the error copy is saved with an added column', async () => {
        dialogs.save()
        await dialog.getByRole('button', { name: ui('households.imp.saveErrors') }).click()
        await expect
          .poll(() => dialog.getByText(ui('households.imp.errorsSaved', { file: 'danh-sach-2024 - loi.xlsx' })).isVisible())
          .toBe(true)
        const report = new ExcelJS.Workbook()
        await report.xlsx.readFile(dialogs.saved.at(-1)!)
        const ws = report.getWorksheet('Danh sách')!
        expect(ws.getRow(4).getCell(11).value).toBe('Lỗi nhập')
        expect(String(ws.getRow(8).getCell(11).value)).toMatch(/Thu nhập bình quân/)
      })

      await step('the clerk fixes row 8 in the same file and imports it again: updates, no duplicates', async () => {
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.readFile(messy)
        wb.getWorksheet('Danh sách')!.getRow(8).getCell(8).value = 1_000_000
        await wb.xlsx.writeFile(messy)
        dialogs.open(messy)
        await dialog.getByRole('button', { name: ui('households.imp.pick') }).click()
        await expect
          .poll(() => dialog.getByRole('status').first().textContent())
          .toMatch(uiPattern('households.imp.summary', { created: 1, updated: 2, rejected: 2 }))
        await validOnly.check()
        await expect.poll(() => startImport.isEnabled()).toBe(true)
        await startImport.click()
        await expect.poll(() => dialog.getByText(ui('households.imp.done', { created: 1, updated: 2, rejected: 2 })).isVisible()).toBe(true)
        const codes = await ctx.store.db.selectFrom('households').select('code').orderBy('code').execute()
        expect(codes.map((c) => c.code)).toEqual(['MS-001', 'MS-002', 'MS-003'])
        await app.screenshot('households-6-import-done')
      })

      await step('Escape closes the dialog; the list finds "Đinh" typed as "dinh"', async () => {
        await page.keyboard.press('Escape')
        await expect.poll(() => dialog.isVisible()).toBe(false)
        await page.getByLabel(ui('households.search')).fill('dinh van')
        const table = page.getByRole('table', { name: ui('households.tableLabel') })
        await expect.poll(() => table.getByRole('button', { name: 'Đinh Văn Khải' }).isVisible()).toBe(true)
        await table.getByRole('button', { name: 'Đinh Văn Khải' }).click()
      })

      await step("the imported household's page traces it to the file and row it came from", async () => {
        await expect
          .poll(() => page.getByRole('table', { name: ui('households.detail.audit') }).textContent())
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
        expect(existsSync(dialogs.saved[0]!)).toBe(true)
      })

      await step("a blank template through main's save dialog", async () => {
        await page.getByRole('button', { name: ui('households.back') }).click()
        dialogs.save()
        await page.getByRole('button', { name: ui('households.template') }).click()
        await expect.poll(() => page.getByText(ui('households.templateSaved', { file: 'mau-danh-sach-ho.xlsx' })).isVisible()).toBe(true)
        expect(existsSync(join(app.dir, 'mau-danh-sach-ho.xlsx'))).toBe(true)
        expect(app.errors).toEqual([])
      })
    },
  )

  test('a long import can be cancelled from the dialog and leaves the register as it was', e2e, async ({ scenario }) => {
    const app = await scenario({
      seed: async (ctx) => {
        await officeWithVillages(ctx)
        await writeLongList(join(ctx.dir, 'danh-sach-lon.xlsx'), 20_000)
      },
    })
    const { page, dialogs } = app
    const auditBefore = await app.count('audit_log')
    const dialog = page.getByRole('dialog', { name: ui('households.imp.title') })

    await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await page.getByRole('button', { name: ui('households.import') }).click()
    dialogs.open('danh-sach-lon.xlsx')
    await dialog.getByRole('button', { name: ui('households.imp.pick') }).click()
    await expect
      .poll(() => dialog.getByRole('status').first().textContent(), { timeout: 90_000 })
      .toMatch(uiPattern('households.imp.summary', { created: 20000 }))
    await dialog.getByRole('button', { name: ui('households.imp.start') }).click()
    // The bar shows while the job runs; Cancel (pressed at once, so the job cannot finish first on a slow machine)
    // stops it at its next checkpoint. Cancel in the middle of writing is checked in households-import-bad.test.ts.
    const cancel = dialog.getByRole('button', { name: ui('households.imp.cancel') })
    await expect.poll(() => cancel.isVisible()).toBe(true)
    await expect.poll(() => dialog.getByRole('button', { name: ui('households.imp.close') }).isDisabled()).toBe(true)
    await cancel.click()
    await expect.poll(() => dialog.getByText(ui('households.imp.cancelled')).isVisible(), { timeout: 90_000 }).toBe(true)
    await expect.poll(() => dialog.getByRole('progressbar').isVisible()).toBe(true)
    await app.screenshot('households-7-import-cancelled')
    expect(await app.count('households')).toBe(0)
    expect(await app.count('audit_log')).toBe(auditBefore)
    expect(app.errors).toEqual([])
  })
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
