import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { REPORTS } from '../../electron/main/services/reports/catalogue'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { setupOffice } from '../../electron/main/services/office'
import { ARTIFACTS } from '../helpers/app-in-chromium'
import { readXlsx } from '../helpers/openpyxl'
import { e2e, pdfText, step, test, ui } from '../helpers/scenario'

describe('reports and the overview in Chromium', () => {
  test('shows every report of the catalogue on screen, saves PDF and Excel, and draws the overview charts', e2e, async ({ scenario }) => {
    const app = await scenario({
      seed: async (ctx) => {
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
      },
      role: 'clerk',
    })
    const { page, dialogs } = app
    const catalogue = page.getByRole('navigation', { name: ui('reports.catalogue') })
    const year = page.getByLabel(ui('reports.year'), { exact: true })
    const preview = page.getByRole('button', { name: ui('reports.preview') })

    await step('the overview: cards and the two charts, with the latest reviewed year', async () => {
      await expect.poll(() => page.getByRole('img', { name: ui('overview.byCommune', { year: 2025 }) }).isVisible()).toBe(true)
      await expect.poll(() => page.getByRole('img', { name: ui('overview.trend') }).isVisible()).toBe(true)
      await expect.poll(() => page.locator('.stat').first().textContent()).toContain('250')
      await app.screenshot('overview')
    })

    await step('reports open on the latest year with data, and a year without any is named before its zeros', async () => {
      await page.keyboard.press('Alt+5')
      await expect.poll(() => page.getByRole('heading', { name: ui('reports.title'), exact: true }).isVisible()).toBe(true)
      // The register holds 2024 and 2025 (the clock says 2026): the page opens on 2025, no warning.
      await expect.poll(() => year.inputValue()).toBe('2025')
      const note = page.getByRole('note')
      await expect.poll(() => note.count()).toBe(0)
      await year.fill('2026')
      await expect.poll(() => note.textContent()).toBe(ui('reports.noDataYear', { year: 2026, years: '2024, 2025' }))
      await year.fill('2024')
      await expect.poll(() => note.count()).toBe(0)
    })

    await step('every report of the catalogue previews on screen as an official document', async () => {
      for (const report of REPORTS) {
        await catalogue.getByRole('button', { name: report.title }).click()
        if (report.params.includes('year')) await year.fill('2025')
        await preview.click()
        const paper = page.getByRole('article', { name: report.title })
        await expect.poll(() => paper.isVisible(), { message: report.id }).toBe(true)
        await expect.poll(() => paper.locator('table').count(), { message: report.id }).toBeGreaterThan(0)
        await expect.poll(() => paper.textContent(), { message: report.id }).toContain(ui('reports.doc.nation'))
      }
      await catalogue.getByRole('button', { name: REPORTS[0]!.title }).click()
      await year.fill('2025')
      await preview.click()
      await expect.poll(() => page.getByRole('article', { name: REPORTS[0]!.title }).isVisible()).toBe(true)
      await app.screenshot('report-summary-screen')
    })

    await step("save as PDF and as Excel through main's save dialog; both read back with independent tools", async () => {
      dialogs.save('ket-qua.pdf')
      await page.getByRole('button', { name: ui('reports.exportPdf') }).click()
      await expect
        .poll(() =>
          page
            .getByRole('status')
            .filter({ hasText: ui('reports.saved', { file: 'ket-qua.pdf' }) })
            .isVisible(),
        )
        .toBe(true)
      const pdf = join(app.dir, 'ket-qua.pdf')
      expect(existsSync(pdf)).toBe(true)
      expect(pdfText(pdf, { layout: true })).toMatch(/KẾT QUẢ RÀ SOÁT HỘ NGHÈO/)
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(ARTIFACTS, 'report-summary-pdf')])

      dialogs.save('ket-qua.xlsx')
      await page.getByRole('button', { name: ui('reports.exportXlsx') }).click()
      await expect
        .poll(() =>
          page
            .getByRole('status')
            .filter({ hasText: ui('reports.saved', { file: 'ket-qua.xlsx' }) })
            .isVisible(),
        )
        .toBe(true)
      const xlsx = join(app.dir, 'ket-qua.xlsx')
      await expect.poll(() => existsSync(xlsx)).toBe(true)
      const [sheet] = readXlsx(xlsx)
      expect(Object.values(sheet!.cells).some((c) => c.v === 'Tổng cộng' && c.bold)).toBe(true)
      expect(app.errors).toEqual([])
    })
  })
})
