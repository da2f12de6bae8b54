import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPORTS } from '../../electron/main/services/reports/catalogue'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { setupOffice } from '../../electron/main/services/office'
import { ARTIFACTS, openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { tempContext, tempDir } from '../helpers/temp'
import { readXlsx } from '../helpers/openpyxl'

let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})

describe('reports and the overview in Chromium', () => {
  it('shows every report of the catalogue on screen, saves PDF and Excel, and draws the overview charts', async () => {
    const dir = tempDir()
    let saveAs = ''
    const ctx = await tempContext({ files: { chooseOpenFile: async () => null, chooseSaveFile: async () => saveAs } })
    await setupOffice(ctx, {
      office: {
        code: '14563',
        name: 'UBND xã Tân Thành',
        provinceCode: '37',
        provinceName: 'Ninh Bình',
        mode: 'office',
        standardId: 'mdp-2022-2025',
      },
      units: [{ kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null }],
    })
    await generateDemoData(ctx, { households: 250, seed: 4, years: [2024, 2025] })
    session = await openAppInChromium(ctx, { signInAs: 'clerk' })
    const { page } = session

    // The overview: cards and the two charts, with the latest reviewed year.
    await expect.poll(() => page.getByRole('img', { name: /theo xã năm 2025/ }).isVisible()).toBe(true)
    expect(await page.getByRole('img', { name: /qua các năm/ }).isVisible()).toBe(true)
    expect(await page.locator('.stat').first().textContent()).toContain('250')
    await session.screenshot('overview')

    await page.keyboard.press('Alt+5')
    await expect.poll(() => page.getByRole('heading', { name: 'Báo cáo', exact: true }).isVisible()).toBe(true)
    const catalogue = page.getByRole('navigation', { name: 'Danh mục báo cáo' })
    for (const report of REPORTS) {
      await catalogue.getByRole('button', { name: report.title }).click()
      if (report.params.includes('year')) await page.getByLabel('Năm', { exact: true }).fill('2025')
      await page.getByRole('button', { name: 'Xem trước' }).click()
      const paper = page.getByRole('article', { name: report.title })
      await expect.poll(() => paper.isVisible(), { message: report.id }).toBe(true)
      expect(await paper.locator('table').count(), report.id).toBeGreaterThan(0)
      expect(await paper.textContent(), report.id).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    }
    await catalogue.getByRole('button', { name: REPORTS[0]!.title }).click()
    await page.getByLabel('Năm', { exact: true }).fill('2025')
    await page.getByRole('button', { name: 'Xem trước' }).click()
    await session.screenshot('report-summary-screen')

    // Save as PDF and as Excel through main's save dialog; read both back with independent tools.
    saveAs = join(dir, 'ket-qua.pdf')
    await page.getByRole('button', { name: 'Xuất PDF…' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu' }).isVisible()).toBe(true)
    expect(existsSync(saveAs)).toBe(true)
    expect(execFileSync('pdftotext', ['-layout', saveAs, '-'], { encoding: 'utf8' })).toMatch(/KẾT QUẢ RÀ SOÁT HỘ NGHÈO/)
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', saveAs, join(ARTIFACTS, 'report-summary-pdf')])
    saveAs = join(dir, 'ket-qua.xlsx')
    await page.getByRole('button', { name: 'Xuất Excel…' }).click()
    await expect.poll(() => existsSync(saveAs)).toBe(true)
    const [sheet] = readXlsx(saveAs)
    expect(Object.values(sheet!.cells).some((c) => c.v === 'Tổng cộng' && c.bold)).toBe(true)
    expect(session.errors).toEqual([])
  })
})
