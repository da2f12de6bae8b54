import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { IMPORT_FIELDS } from '@shared/domain/household-import'
import { officeWithVillages } from '../helpers/households'
import { writeMessyWorkbook } from '../helpers/messy-workbook'
import { e2e, test, ui, uiPattern, type Scenario } from '../helpers/scenario'
import { inViewport } from '../helpers/in-page'

// The mapping panel labels each field with its first synonym.
const headNameLabel = IMPORT_FIELDS.find((f) => f.field === 'headName')!.synonyms[0]!

/**
 * Issue 17, finding 5: the household import dialog. A required column set to "(không dùng)" leaves
 * the column match on screen to put right; the dialog fits 1366×768 with its buttons in view and
 * its middle scrolling; once the import ended the progress line no longer says "Đang ghi… 6/6".
 */
describe('the import dialog in Chromium', () => {
  const open = async (app: Scenario) => {
    const { page, dialogs } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    const messy = join(app.dir, 'danh-sach-2024.xlsx')
    await writeMessyWorkbook(messy)
    const dialog = page.getByRole('dialog', { name: ui('households.imp.title') })
    await expect.poll(() => page.getByRole('heading', { name: ui('overview.title') }).isVisible()).toBe(true)
    await page.keyboard.press('Alt+2')
    await page.getByRole('button', { name: ui('households.import') }).click()
    dialogs.open(messy)
    await dialog.getByRole('button', { name: ui('households.imp.pick') }).click()
    await expect
      .poll(() => dialog.getByRole('status').first().textContent())
      .toMatch(uiPattern('households.imp.summary', { created: 2, updated: 0, rejected: 3 }))
    return dialog
  }

  test(
    'a required column set to "(không dùng)" keeps the column match on screen; choosing it again brings the preview back',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
      const dialog = await open(app)
      const head = dialog.getByRole('group', { name: ui('households.imp.mapping') }).getByLabel(headNameLabel)
      const column = await head.evaluate(
        (s: { selectedOptions: ArrayLike<{ textContent: string | null }> }) => s.selectedOptions[0]!.textContent!,
      )
      await head.selectOption({ label: ui('households.imp.notMapped') })
      await expect.poll(() => dialog.getByRole('alert').first().textContent()).toMatch(/Thiếu cột bắt buộc/)
      const mapping = dialog.getByRole('group', { name: ui('households.imp.mapping') })
      await expect.poll(() => mapping.isVisible()).toBe(true)
      await expect.poll(() => head.inputValue()).toBe('')
      // What the last good preview would import is not offered meanwhile.
      const start = dialog.getByRole('button', { name: ui('households.imp.start') })
      await expect.poll(() => start.getAttribute('title')).toBe(ui('households.imp.fixFirst'))
      await expect.poll(() => dialog.getByRole('table', { name: ui('households.imp.preview') }).count()).toBe(0)
      await app.screenshot('import-dialog-1-missing-column')
      await head.selectOption({ label: column })
      await expect
        .poll(() => dialog.getByRole('status').first().textContent())
        .toMatch(uiPattern('households.imp.summary', { created: 2, updated: 0, rejected: 3 }))
      await expect.poll(() => dialog.getByRole('alert').count()).toBe(0)
      await expect.poll(() => start.isEnabled()).toBe(true)
      await expect.poll(() => start.getAttribute('title')).toBe(null)
    },
  )

  test('the dialog fits 1366×768: its buttons are in view and its middle scrolls', e2e, async ({ scenario }) => {
    const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
    const dialog = await open(app)
    await expect.poll(() => dialog.evaluate(inViewport)).toBe(true)
    for (const name of [ui('households.imp.start'), ui('households.imp.close'), ui('households.imp.title')]) {
      const target = name === ui('households.imp.title') ? dialog.getByRole('heading', { name }) : dialog.getByRole('button', { name })
      await expect.poll(() => target.evaluate(inViewport)).toBe(true)
    }
    const body = dialog.locator('.modal__body')
    expect(await body.evaluate((b: { scrollHeight: number; clientHeight: number }) => b.scrollHeight > b.clientHeight)).toBe(true)
    await app.screenshot('import-dialog-2-fits')
  })

  test('once the import ended, the progress line says so instead of "Đang ghi… 6/6"', e2e, async ({ scenario }) => {
    const app = await scenario({ seed: async (ctx) => void (await officeWithVillages(ctx)) })
    const dialog = await open(app)
    await dialog.getByLabel(ui('households.imp.mode.valid_only')).check()
    await dialog.getByRole('button', { name: ui('households.imp.start') }).click()
    await expect.poll(() => dialog.getByText(ui('households.imp.done', { created: 2, updated: 0, rejected: 3 })).isVisible()).toBe(true)
    const progress = dialog.locator('.job label')
    await expect.poll(() => progress.textContent()).toBe(`${ui('households.imp.progress')}: ${ui('households.imp.ended.done')}`)
    await expect.poll(() => dialog.getByRole('progressbar').evaluate((p: { value: number; max: number }) => p.value === p.max)).toBe(true)
  })
})
