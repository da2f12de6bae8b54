import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { createOwnKey } from '../../electron/main/services/packages/keys'
import { officeWithVillages } from '../helpers/households'
import { recordTexts } from '../helpers/in-page'
import { e2e, step, test, ui } from '../helpers/scenario'

const PASS = 'mật khẩu khóa của xã 2026'

/**
 * Issue 14, item 4, as the clerk sees it: creating a package shows what it is doing and can be
 * stopped; stopped, it leaves nothing on the stick and takes no sequence number.
 */
describe('a package is made as a job the clerk can follow and stop', () => {
  test('progress while the package is made, Stop leaves the stick empty, the next one is number 1', e2e, async ({ scenario }) => {
    const s = await scenario({
      seed: async (ctx) => {
        await officeWithVillages(ctx)
        // Large enough that making the package takes a while to stop.
        await generateDemoData(ctx, { households: 6000, seed: 4, years: [2025] })
        await createOwnKey(ctx, { passphrase: PASS })
      },
      role: 'approver',
    })
    const { page } = s
    const usb = join(s.dir, 'usb')
    mkdirSync(usb)
    // Every stage the page shows, recorded in the page as it appears (a poll could miss a short one).
    await page.evaluate(recordTexts, '.job-progress span')
    await page.getByRole('button', { name: ui('nav.packages') }).click()

    await step('Stop while the tables are read: a note, nothing on the stick, no package recorded', async () => {
      s.dialogs.folder(usb)
      await page.getByLabel(ui('packages.sign.secret')).fill(PASS)
      await page.getByRole('button', { name: ui('packages.export.run') }).click()
      const stop = page.getByRole('button', { name: ui('packages.export.cancel') })
      await stop.click()
      await expect.poll(() => page.getByText(ui('packages.export.cancelled')).isVisible()).toBe(true)
      expect(readdirSync(usb)).toEqual([])
      expect(await s.count('packages_sent')).toBe(0)
      await expect.poll(() => stop.count()).toBe(0)
    })

    await step('made to the end: the stages were shown, the cover sheet names package number 1', async () => {
      await page.evaluate(recordTexts, '.job-progress span')
      s.dialogs.folder(usb)
      await page.getByLabel(ui('packages.sign.secret')).fill(PASS)
      await page.getByRole('button', { name: ui('packages.export.run') }).click()
      // Generous: on a loaded 2-core machine 6,000 households take far longer than the usual few seconds.
      const made = await page
        .locator('.cover-sheet')
        .waitFor({ timeout: 150_000 })
        .then(
          () => true,
          () => false,
        )
      // When it is not made, what the page says instead (an error, a stage it stopped at) is the clue.
      expect(made, `no cover sheet; the page says: ${await page.locator('main').innerText()}`).toBe(true)
      const stages = await page.evaluate(() => (globalThis as unknown as { seenTexts: string[] }).seenTexts)
      // Polled four times a second: the short stages may pass unseen, the long ones do not.
      expect(
        stages.some((x) => x.startsWith('Đang đọc dữ liệu: ')),
        stages.join(' | '),
      ).toBe(true)
      // Number 1: the stopped package took no number.
      expect(readdirSync(usb)).toEqual([expect.stringMatching(/^goi-14563-\d{4}(-H[12])?-so0001\.zip$/)])
      expect(await s.count('packages_sent')).toBe(1)
      expect(s.errors).toEqual([])
    })
  })
})
