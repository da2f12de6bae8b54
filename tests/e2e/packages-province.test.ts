import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate } from '../../electron/main/services/packages/keys'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from '../integration/packages-fixture'

let session: AppSession | null = null
afterEach(async () => {
  await session?.close()
  session = null
})

describe('province page in Chromium', () => {
  it('registers an office after the fingerprint check, previews and imports its package, and shows its numbers', async () => {
    const office = await tempContext()
    await seedOffice(office, { code: '14563', name: 'Tân Thành' })
    await generateDemoData(office, { households: 12, years: [2025] })
    const usb = tempDir('sgn-usb-')
    const cert = await exportOwnCertificate(office)
    const certPath = join(usb, cert.fileName)
    writeFileSync(certPath, cert.pem)
    const pkg = (await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE })).path

    const chosen = [certPath, pkg]
    const province = await tempContext({
      files: { chooseOpenFile: async () => chosen.shift() ?? null, chooseSaveFile: async () => null, chooseFolder: async () => usb },
    })
    await seedOffice(province, { code: 'SO37', name: 'Sở Nông nghiệp và Môi trường', mode: 'province' })
    session = await openAppInChromium(province)
    const { page } = session
    await page.getByRole('button', { name: 'Gửi tỉnh / Nhận gói' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Nhận gói báo cáo của các đơn vị' }).isVisible()).toBe(true)

    // A mistyped fingerprint is refused; the right one registers the office.
    await page.getByRole('button', { name: 'Đăng ký chứng thư từ tệp…' }).click()
    await page.getByLabel('Dấu vân tay đọc qua điện thoại').fill('AB:CD')
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/64 chữ số/)
    await page.getByLabel('Dấu vân tay đọc qua điện thoại').fill(cert.fingerprint.replace(/:/g, ' '))
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click()
    await expect
      .poll(() =>
        page
          .getByRole('cell', { name: /Tân Thành \(14563\)/ })
          .first()
          .isVisible(),
      )
      .toBe(true)

    await page.getByRole('button', { name: 'Chọn gói (.zip) để kiểm tra…' }).click()
    await expect.poll(() => page.getByText(/Gói hợp lệ: Tân Thành \(14563\), kỳ 2026-H1, gói số 1/).isVisible()).toBe(true)
    expect(await page.getByText('households: thêm 12, sửa 0, bỏ 0, giữ nguyên 0').isVisible()).toBe(true)
    await session.screenshot('packages-province-preview')
    await page.getByRole('button', { name: 'Nhập gói' }).click()
    await expect.poll(() => page.getByText('Đã nhập gói.').isVisible()).toBe(true)
    const summary = page.getByRole('region', { name: /Tổng hợp theo đơn vị/ })
    // The results summary by office: A's row and the total both count its 12 households.
    await expect.poll(() => summary.getByRole('cell', { name: /Tân Thành \(14563\)/ }).isVisible()).toBe(true)
    expect(await summary.getByRole('cell', { name: '12', exact: true }).count()).toBe(2)
    await session.screenshot('packages-province-imported')
    expect(readFileSync(pkg).length).toBeGreaterThan(1000)
    expect(session.errors).toEqual([])
  })
})
