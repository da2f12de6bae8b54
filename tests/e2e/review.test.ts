import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { MovementRow } from '@shared/domain/reviews'
import { chromiumPdfRenderer } from '../../electron/main/export/print/pdf-chromium'
import { noFiles } from '../../electron/main/services/context'
import { saveHousehold } from '../../electron/main/services/households/save'
import { movements } from '../../electron/main/services/reviews/movements'
import { openAppInChromium, type AppSession } from '../helpers/app-in-chromium'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'

const pdf = chromiumPdfRenderer()
let session: AppSession | undefined
afterEach(async () => {
  await session?.close()
  session = undefined
})
afterAll(() => pdf.close())
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

describe('the annual review in Chromium', () => {
  it('walks a village through survey, a meeting with one household below 50%, re-assessment, posting, approval, lock and a correction', async () => {
    const clock = fixedClock('2025-10-01T02:00:00Z')
    const dir = tempDir()
    let saveAs = ''
    const ctx = await tempContext({ now: clock.now, pdf, files: { ...noFiles, chooseSaveFile: async () => saveAs } })
    const { villages } = await officeWithVillages(ctx)
    const v = villages['Thôn Đồng Tâm']!
    // Last year: An poor, Bình near-poor, Cường average.
    await saveHousehold(ctx, household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
    await saveHousehold(ctx, household(v, 'Nông Văn Bình', '020075000002', 2024, 1_400_000))
    await saveHousehold(ctx, household(v, 'Lý Văn Cường', '020075000003', 2024, 2_100_000))

    session = await openAppInChromium(ctx, { signInAs: 'approver' })
    const { page } = session
    await page.getByRole('button', { name: 'Rà soát hằng năm' }).click()
    await expect.poll(() => page.getByText('Chưa mở kỳ rà soát năm 2025.').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Mở kỳ rà soát' }).click()
    await expect
      .poll(() => page.getByText(/Kỳ rà soát năm 2025 theo Chuẩn nghèo đa chiều giai đoạn 2022–2025: đang thực hiện/).isVisible())
      .toBe(true)

    // Survey each household: the class and its reasons appear under the form.
    await page.getByRole('tab', { name: 'Danh sách hộ' }).click()
    const survey = async (name: string, income: string, deprived: number[]) => {
      await page.getByRole('button', { name, exact: true }).click()
      const panel = page.getByRole('complementary', { name: `Phiếu khảo sát — ${name}` })
      const form = panel.getByRole('form', { name: 'Phiếu khảo sát' })
      await form.getByLabel('B1 — Thu nhập bình quân (đồng/người/tháng)').fill(income)
      for (const no of deprived) await form.getByLabel(new RegExp(`^${no}\\. `)).check()
      await form.getByRole('button', { name: 'Ghi kết quả khảo sát' }).click()
      return panel
    }
    // Income typed in words is refused next to its field, before anything is sent.
    let panel = await survey('Hoàng Văn An', 'một triệu tám', [])
    const income = panel.getByLabel('B1 — Thu nhập bình quân (đồng/người/tháng)')
    await expect.poll(() => income.getAttribute('aria-invalid')).toBe('true')
    expect(await panel.getByText('Thu nhập phải là số nguyên không âm (đồng), ví dụ 1.500.000').isVisible()).toBe(true)
    const stage = () =>
      ctx.store.db
        .selectFrom('review_cases as c')
        .innerJoin('households as h', 'h.id', 'c.household_id')
        .select('c.stage')
        .where('h.head_name', '=', 'Hoàng Văn An')
        .execute()
    expect(await stage()).toEqual([{ stage: 'listed' }])
    panel = await survey('Hoàng Văn An', '1.800.000', [])
    await expect.poll(() => panel.getByText('Kết quả: Hộ mới thoát nghèo', { exact: true }).isVisible()).toBe(true)
    expect(await panel.getByText('Năm trước là hộ nghèo → hộ mới thoát nghèo').isVisible()).toBe(true)
    panel = await survey('Nông Văn Bình', '1.100.000', [9, 10, 11])
    await expect.poll(() => panel.getByText('Kết quả: Hộ nghèo', { exact: true }).isVisible()).toBe(true)
    expect(await panel.getByText('Điểm B1 (thu nhập): 103 · Điểm B2 (thiếu hụt): 30').isVisible()).toBe(true)
    await session.screenshot('review-1-survey')
    panel = await survey('Lý Văn Cường', '1.300.000', [9])
    await expect.poll(() => panel.getByText('Kết quả: Hộ cận nghèo', { exact: true }).isVisible()).toBe(true)
    await panel.getByRole('button', { name: 'Đóng' }).click()

    // The village meeting: Cường gets 40% and goes back for re-assessment.
    await page.getByRole('tab', { name: 'Họp thôn & niêm yết' }).click()
    const meeting = page.getByRole('form', { name: 'Ghi cuộc họp thôn' })
    await meeting.getByLabel('Thôn/bản').selectOption({ label: 'Thôn Đồng Tâm' })
    await meeting.getByLabel('Người chủ trì').fill('Hoàng Văn Thụ')
    await meeting.getByLabel('Thư ký').fill('Nông Thị Lan')
    await meeting.getByLabel('Số người dự').fill('42')
    await meeting.getByLabel('Tỷ lệ đồng ý (%) — Hoàng Văn An').fill('88')
    await meeting.getByLabel('Tỷ lệ đồng ý (%) — Nông Văn Bình').fill('130')
    await meeting.getByRole('button', { name: 'Ghi cuộc họp' }).click()
    await expect.poll(() => meeting.getByRole('alert').first().textContent()).toMatch(/Tỷ lệ đồng ý không quá 100%/)
    await meeting.getByLabel('Tỷ lệ đồng ý (%) — Nông Văn Bình').fill('95,5')
    await meeting.getByLabel('Tỷ lệ đồng ý (%) — Lý Văn Cường').fill('40')
    await meeting.getByRole('button', { name: 'Ghi cuộc họp' }).click()
    await expect.poll(() => meeting.getByRole('status').textContent()).toBe('Đã ghi cuộc họp: 2/3 hộ được thống nhất.')

    // Re-assessment of Cường, then a second meeting agrees.
    await page.getByRole('tab', { name: 'Danh sách hộ' }).click()
    await expect.poll(() => page.locator('tr[data-case="Lý Văn Cường"]').textContent()).toMatch(/40%Rà soát lại/)
    panel = await survey('Lý Văn Cường', '1.450.000', [9, 10, 12])
    await expect.poll(() => panel.getByText('Kết quả: Hộ nghèo', { exact: true }).isVisible()).toBe(true)
    await panel.getByRole('button', { name: 'Đóng' }).click()
    await page.getByRole('tab', { name: 'Họp thôn & niêm yết' }).click()
    await meeting.getByLabel('Thôn/bản').selectOption({ label: 'Thôn Đồng Tâm' })
    await meeting.getByLabel('Người chủ trì').fill('Hoàng Văn Thụ')
    await meeting.getByLabel('Số người dự').fill('38')
    await meeting.getByLabel('Tỷ lệ đồng ý (%) — Lý Văn Cường').fill('80')
    await meeting.getByRole('button', { name: 'Ghi cuộc họp' }).click()
    await expect.poll(() => meeting.getByRole('status').textContent()).toBe('Đã ghi cuộc họp: 1/1 hộ được thống nhất.')

    // Posting, and the posted list saved as PDF and read back.
    const post = page.getByRole('form', { name: 'Niêm yết công khai' })
    await post.getByRole('button', { name: 'Niêm yết kết quả đã thống nhất' }).click()
    await expect.poll(() => post.getByRole('status').textContent()).toBe('Đã niêm yết 3 hộ.')
    saveAs = join(dir, 'niem-yet.pdf')
    await post.getByRole('button', { name: 'Lưu danh sách niêm yết (PDF)…' }).click()
    await expect.poll(() => post.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/Đã lưu niem-yet\.pdf/)
    const posted = pdfText(saveAs)
    expect(posted).toMatch(/DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025/)
    // Table rows are read line by line from the layout (reading order mixes the columns of a wide table).
    const cuongLine = execFileSync('pdftotext', ['-layout', saveAs, '-'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.includes('Lý Văn Cường'))!
    expect(cuongLine.replace(/\s+/g, ' ')).toMatch(/Lý Văn Cường 2 .*Hộ nghèo 135 30 80,00%/)

    // Approval and lock.
    await page.getByRole('tab', { name: 'Tiến độ & phê duyệt' }).click()
    const approve = page.getByRole('form', { name: 'Quyết định công nhận của Chủ tịch UBND xã' })
    await approve.getByLabel('Số quyết định').fill('125/QĐ-UBND')
    await approve.getByLabel('Ngày quyết định').fill('2025-10-01')
    await approve.getByRole('button', { name: 'Phê duyệt và khóa kết quả' }).click()
    await expect.poll(() => page.getByText(/đã phê duyệt theo Quyết định số 125\/QĐ-UBND ngày 01\/10\/2025/).isVisible()).toBe(true)
    expect(await page.locator('tr[data-unit="Thôn Đồng Tâm"]').textContent()).toBe('   Thôn Đồng Tâm333330')
    await session.screenshot('review-2-approved')

    // Locked: no survey form; the approver reopens Bình with a reason, corrects, and approves the correction.
    await page.getByRole('tab', { name: 'Danh sách hộ' }).click()
    await page.getByRole('button', { name: 'Nông Văn Bình', exact: true }).click()
    panel = page.getByRole('complementary', { name: 'Phiếu khảo sát — Nông Văn Bình' })
    await expect.poll(() => panel.getByText(/Kết quả đã được phê duyệt và khóa/).isVisible()).toBe(true)
    expect(await panel.getByRole('form', { name: 'Phiếu khảo sát' }).count()).toBe(0)
    await panel.getByLabel('Lý do điều chỉnh').fill('Nhập sai thu nhập, đã xác minh lại')
    await panel.getByRole('button', { name: 'Mở lại để điều chỉnh' }).click()
    const form = panel.getByRole('form', { name: 'Phiếu khảo sát' })
    await expect.poll(() => form.isVisible()).toBe(true)
    await form.getByLabel('B1 — Thu nhập bình quân (đồng/người/tháng)').fill('1.400.000')
    await form.getByLabel(/^10\. /).uncheck()
    await form.getByLabel(/^11\. /).uncheck()
    await form.getByRole('button', { name: 'Ghi kết quả khảo sát' }).click()
    await expect.poll(() => panel.getByText('Kết quả: Hộ cận nghèo', { exact: true }).isVisible()).toBe(true)
    const fix = panel.getByRole('form', { name: 'Phê duyệt kết quả điều chỉnh' })
    await fix.getByLabel('Số quyết định').fill('130/QĐ-UBND')
    await fix.getByRole('button', { name: 'Phê duyệt kết quả điều chỉnh' }).click()
    await expect.poll(() => panel.getByText(/Kết quả đã được phê duyệt và khóa/).isVisible()).toBe(true)
    const history = await panel.getByRole('list', { name: 'Diễn biến' }).textContent()
    expect(history).toMatch(/test-approver: Mở lại để điều chỉnh: Nhập sai thu nhập, đã xác minh lại/)
    expect(history).toMatch(/Phê duyệt theo Quyết định số 130\/QĐ-UBND ngày 01\/10\/2025/)
    await panel.getByRole('button', { name: 'Đóng' }).click()

    // The movement table on screen agrees with the service, and a cell lists its households.
    await page.getByRole('tab', { name: 'Biến động' }).click()
    await page.getByRole('button', { name: 'Xem biến động' }).click()
    const poorTable = page.getByRole('table', { name: 'Hộ nghèo' })
    await expect.poll(() => poorTable.isVisible()).toBe(true)
    const expected = (await movements(ctx, { from: { year: 2024 }, to: { year: 2025 } })).find(
      (r: MovementRow) => r.commune === null && r.group === 'poor' && r.unit === 'households',
    )!
    expect(expected).toMatchObject({ start: 1, end: 1, left: { above_line: 1 }, entered: { new: 1, from_near_poor: 0, fell_back: 0 } })
    const totalRow = poorTable.locator('tr.bold')
    expect(await totalRow.textContent()).toBe('Tổng cộng101000101')
    // Cường was average last year and never poor or near-poor before: newly poor; his name is behind the figure.
    await totalRow.getByRole('button', { name: '1' }).nth(2).click()
    await expect
      .poll(() => page.getByRole('region', { name: 'Tổng cộng — Phát sinh mới' }).textContent())
      .toMatch(/Lý Văn Cường \(HGD-000003, Xã Mẫu Sơn\): Hộ có mức sống trung bình → Hộ nghèo/)
    await session.screenshot('review-3-movements')
    expect(session.errors).toEqual([])
  })
})
