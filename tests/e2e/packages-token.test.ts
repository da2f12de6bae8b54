import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect } from 'vitest'
import { makeTestCa } from '../helpers/test-ca'
import { e2e, step, test, ui } from '../helpers/scenario'
import { tempDir } from '../helpers/temp'
import { seedOffice } from '../integration/packages-fixture'

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so'
const PIN = '97531864'

describe('USB token in Chromium', () => {
  test(
    'the office picks the token library, chooses the certificate on the token and types the PIN; a wrong PIN is refused',
    e2e,
    async ({ scenario }) => {
      // A SoftHSM token holding an office certificate from a test CA.
      const dir = tempDir()
      mkdirSync(join(dir, 'tokens'))
      writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`)
      process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf')
      const ca = makeTestCa(join(dir, 'ca'))
      const cert = ca.issue('office', '/C=VN/ST=Ninh Bình/O=14563/CN=UBND xã Tân Thành')
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Token Tan Thanh', '--pin', PIN, '--so-pin', '12345678'], {
        stdio: 'pipe',
      })
      for (const [file, type] of [
        [cert.keyFile, 'privkey'],
        [cert.derFile, 'cert'],
      ] as const) {
        execFileSync(
          'pkcs11-tool',
          [
            '--module',
            SOFTHSM,
            '--token-label',
            'Token Tan Thanh',
            '--login',
            '--pin',
            PIN,
            '--write-object',
            file,
            '--type',
            type,
            '--id',
            '01',
          ],
          {
            stdio: 'pipe',
          },
        )
      }

      const app = await scenario({ seed: async (ctx) => void (await seedOffice(ctx, { code: '14563', name: 'Tân Thành' })) })
      const { page, dialogs } = app
      await step('the packages page opens with the key panel', async () => {
        await page.getByRole('button', { name: ui('nav.packages') }).click()
        await expect.poll(() => page.getByRole('heading', { name: ui('packages.token.title') }).isVisible()).toBe(true)
      })
      await step('the token library is chosen and the certificate on the token listed', async () => {
        dialogs.open(SOFTHSM)
        await page.getByRole('button', { name: ui('packages.token.pick') }).click()
        await expect
          .poll(() => page.getByLabel(ui('packages.token.certificate')).textContent())
          .toMatch(/Token Tan Thanh — .*UBND xã Tân Thành/)
      })
      await step('a wrong PIN is refused in Vietnamese; the right one chooses the token', async () => {
        await page.getByLabel(ui('packages.token.pin')).fill('000000')
        await page.getByRole('button', { name: ui('packages.token.use') }).click()
        await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Mã PIN của token không đúng/)
        await page.getByLabel(ui('packages.token.pin')).fill(PIN)
        await page.getByRole('button', { name: ui('packages.token.use') }).click()
        await expect.poll(() => page.getByText(ui('packages.token.used')).isVisible()).toBe(true)
        await app.screenshot('packages-token-chosen')
      })
    },
  )
})
