import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { tableLabel } from '@shared/domain/table-labels'
import { e2e, step, test, ui, uiPattern } from '../helpers/scenario'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from '../integration/packages-fixture'

describe('province page in Chromium', () => {
  test(
    'registers an office after the fingerprint check, previews and imports its package, and shows its numbers',
    e2e,
    async ({ scenario }) => {
      // The office that sends the package: its own database, not the window's.
      const office = await tempContext()
      await seedOffice(office, { code: '14563', name: 'Tân Thành' })
      await generateDemoData(office, { households: 12, years: [2025] })
      const usb = tempDir('sgn-usb-')
      const cert = await exportOwnCertificate(office)
      const certPath = join(usb, cert.fileName)
      writeFileSync(certPath, cert.pem)
      const pkg = (await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE })).path

      const app = await scenario({
        seed: async (ctx) => void (await seedOffice(ctx, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường', mode: 'province' })),
      })
      const { page, dialogs } = app
      const fingerprint = page.getByLabel(ui('packages.trust.confirm'))
      const register = page.getByRole('button', { name: ui('packages.trust.add'), exact: true })

      await step('the province page opens', async () => {
        await page.getByRole('button', { name: ui('nav.packages') }).click()
        await expect.poll(() => page.getByRole('heading', { name: ui('packages.title.province') }).isVisible()).toBe(true)
      })

      await step('a mistyped fingerprint is refused; the right one registers the office', async () => {
        dialogs.open(certPath)
        await page.getByRole('button', { name: ui('packages.trust.pick') }).click()
        await fingerprint.fill('AB:CD')
        await register.click()
        await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/64 chữ số/)
        await fingerprint.fill(cert.fingerprint.replace(/:/g, ' '))
        await register.click()
        await expect
          .poll(() =>
            page
              .getByRole('cell', { name: /Tân Thành \(14563\)/ })
              .first()
              .isVisible(),
          )
          .toBe(true)
      })

      await step('the package is previewed, imported, and its 12 households counted by office', async () => {
        dialogs.open(pkg)
        await page.getByRole('button', { name: ui('packages.receive.pick') }).click()
        await expect
          .poll(() =>
            page
              .getByText(uiPattern('packages.receive.valid', { office: 'Tân Thành', code: '14563', period: '2026-H1', sequence: 1 }))
              .isVisible(),
          )
          .toBe(true)
        await expect
          .poll(() =>
            page
              .getByText(ui('packages.receive.diff', { table: tableLabel('households'), added: 12, changed: 0, removed: 0, unchanged: 0 }))
              .isVisible(),
          )
          .toBe(true)
        // What the package changes, in the clerk's words: no table name reaches the screen.
        const preview = await page.locator('main').innerText()
        expect(preview).toContain(`${tableLabel('household_members')}: thêm`)
        expect(preview).not.toMatch(/\b(households|office|admin_units|[a-z]+_[a-z_]+)\b/)
        await app.screenshot('packages-province-preview')
        await page.getByRole('button', { name: ui('packages.receive.import') }).click()
        await expect.poll(() => page.getByText(ui('packages.receive.imported')).isVisible()).toBe(true)
        const summary = page.getByRole('region', { name: ui('packages.summary.title') })
        // The results summary by office: A's row and the total both count its 12 households.
        await expect.poll(() => summary.getByRole('cell', { name: /Tân Thành \(14563\)/ }).isVisible()).toBe(true)
        await expect.poll(() => summary.getByRole('cell', { name: '12', exact: true }).count()).toBe(2)
        await app.screenshot('packages-province-imported')
        expect(readFileSync(pkg).length).toBeGreaterThan(1000)
        expect(app.errors).toEqual([])
      })
    },
  )
})
