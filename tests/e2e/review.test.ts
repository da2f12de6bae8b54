import { describe, expect } from 'vitest'
import { GROUP_LABEL, type MovementRow } from '@shared/domain/reviews'
import { CLASS_LABEL } from '@shared/standards/classify'
import { saveHousehold } from '../../electron/main/services/households/save'
import { movements } from '../../electron/main/services/reviews/movements'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { e2e, pdfText, step, test, ui, uiPattern } from '../helpers/scenario'

describe('the annual review in Chromium', () => {
  test(
    'walks a village through survey, a meeting with one household below 50%, re-assessment, posting, approval, lock and a correction',
    e2e,
    async ({ scenario }) => {
      const app = await scenario({
        clock: '2025-10-01T02:00:00Z',
        role: 'approver',
        seed: async (ctx) => {
          const { villages } = await officeWithVillages(ctx)
          const v = villages['Thôn Đồng Tâm']!
          // Last year: An poor, Bình near-poor, Cường a farming household with average living standard.
          await saveHousehold(ctx, household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
          await saveHousehold(ctx, household(v, 'Nông Văn Bình', '020075000002', 2024, 1_400_000))
          const cuong = household(v, 'Lý Văn Cường', '020075000003', 2024, 2_100_000)
          await saveHousehold(ctx, { ...cuong, household: { ...cuong.household, livelihood: 'farming' } })
        },
      })
      const { page, ctx, dialogs } = app
      const result = (name: string) => ui('review.result', { result: name })
      const surveyPanel = (name: string) => page.getByRole('complementary', { name: `${ui('review.survey.title')} — ${name}` })
      const survey = async (name: string, income: string, deprived: number[]) => {
        await page.getByRole('button', { name, exact: true }).click()
        const panel = surveyPanel(name)
        const form = panel.getByRole('form', { name: ui('review.survey.title') })
        await form.getByLabel(ui('review.survey.income')).fill(income)
        for (const no of deprived) await form.getByLabel(new RegExp(`^${no}\\. `)).check()
        await form.getByRole('button', { name: ui('review.survey.save') }).click()
        return panel
      }
      const meeting = page.getByRole('form', { name: ui('review.meeting.title') })
      const share = (name: string) => meeting.getByLabel(ui('review.meeting.share', { name }))

      await step('the approver opens the 2025 review', async () => {
        await page.getByRole('button', { name: ui('nav.review') }).click()
        await expect.poll(() => page.getByText(ui('review.notOpen', { year: 2025 })).isVisible()).toBe(true)
        await page.getByRole('button', { name: ui('review.open') }).click()
        await expect
          .poll(() =>
            page
              .getByText(
                uiPattern('review.cycle', {
                  year: 2025,
                  standard: 'Chuẩn nghèo đa chiều giai đoạn 2022–2025',
                  state: ui('review.state.open'),
                }),
              )
              .isVisible(),
          )
          .toBe(true)
      })

      await step('each household is surveyed: the class and its reasons appear under the form', async () => {
        await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
        // Income typed in words is refused next to its field, before anything is sent.
        let panel = await survey('Hoàng Văn An', 'một triệu tám', [])
        const income = panel.getByLabel(ui('review.survey.income'))
        await expect.poll(() => income.getAttribute('aria-invalid')).toBe('true')
        await expect.poll(() => panel.getByText(ui('error.income')).isVisible()).toBe(true)
        const stage = () =>
          ctx.store.db
            .selectFrom('review_cases as c')
            .innerJoin('households as h', 'h.id', 'c.household_id')
            .select('c.stage')
            .where('h.head_name', '=', 'Hoàng Văn An')
            .execute()
        expect(await stage()).toEqual([{ stage: 'listed' }])
        panel = await survey('Hoàng Văn An', '1.800.000', [])
        await expect.poll(() => panel.getByText(result(CLASS_LABEL.newly_escaped), { exact: true }).isVisible()).toBe(true)
        await expect.poll(() => panel.getByText('Năm trước là hộ nghèo → hộ mới thoát nghèo').isVisible()).toBe(true)
        panel = await survey('Nông Văn Bình', '1.100.000', [9, 10, 11])
        await expect.poll(() => panel.getByText(result(CLASS_LABEL.poor), { exact: true }).isVisible()).toBe(true)
        // No B1 score was typed (Decision 24/2021: it is the surveyor's, from paper form B1), so none is shown.
        await expect.poll(() => panel.getByText(ui('review.scores', { a: '—', b: 30 })).isVisible()).toBe(true)
        await app.screenshot('review-1-survey')
        await panel.getByRole('button', { name: ui('review.case.close') }).click()
        // Cường was not poor or near-poor, so he is not on the list until his application (form 01) is recorded.
        await expect.poll(() => page.getByRole('button', { name: 'Lý Văn Cường', exact: true }).count()).toBe(0)
        const register = page.getByRole('form', { name: ui('review.registerCase.title') })
        await register.getByLabel(ui('review.registerCase.code')).fill('HGD-000003')
        await register.getByLabel(ui('review.registerCase.reason')).fill('Chủ hộ bị tai nạn, mất sức lao động')
        await register.getByRole('button', { name: ui('review.registerCase.add') }).click()
        await expect.poll(() => page.getByRole('button', { name: 'Lý Văn Cường', exact: true }).isVisible()).toBe(true)
        panel = await survey('Lý Văn Cường', '1.300.000', [9])
        await expect.poll(() => panel.getByText(result(CLASS_LABEL.near_poor), { exact: true }).isVisible()).toBe(true)
        await panel.getByRole('button', { name: ui('review.case.close') }).click()
      })

      await step('the village meeting: Cường gets 40% and goes back for re-assessment', async () => {
        await page.getByRole('tab', { name: ui('review.tab.meeting') }).click()
        await meeting.getByLabel(ui('review.meeting.village')).selectOption({ label: 'Thôn Đồng Tâm' })
        await meeting.getByLabel(ui('review.meeting.chair')).fill('Hoàng Văn Thụ')
        await meeting.getByLabel(ui('review.meeting.secretary')).fill('Nông Thị Lan')
        await meeting.getByLabel(ui('review.meeting.attendees')).fill('42')
        await share('Hoàng Văn An').fill('88')
        await share('Nông Văn Bình').fill('130')
        await meeting.getByRole('button', { name: ui('review.meeting.save') }).click()
        await expect.poll(() => meeting.getByRole('alert').first().textContent()).toMatch(/Tỷ lệ đồng ý không quá 100%/)
        await share('Nông Văn Bình').fill('95,5')
        await share('Lý Văn Cường').fill('40')
        await meeting.getByRole('button', { name: ui('review.meeting.save') }).click()
        await expect.poll(() => meeting.getByRole('status').textContent()).toBe(ui('review.meeting.saved', { passed: 2, total: 3 }))
      })

      await step('Cường is re-assessed, then a second meeting agrees', async () => {
        await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
        await expect.poll(() => page.locator('tr[data-case="Lý Văn Cường"]').textContent()).toMatch(/40%Rà soát lại/)
        const panel = await survey('Lý Văn Cường', '1.450.000', [9, 10, 12])
        await expect.poll(() => panel.getByText(result(CLASS_LABEL.poor), { exact: true }).isVisible()).toBe(true)
        await panel.getByRole('button', { name: ui('review.case.close') }).click()
        await page.getByRole('tab', { name: ui('review.tab.meeting') }).click()
        await meeting.getByLabel(ui('review.meeting.village')).selectOption({ label: 'Thôn Đồng Tâm' })
        await meeting.getByLabel(ui('review.meeting.chair')).fill('Hoàng Văn Thụ')
        await meeting.getByLabel(ui('review.meeting.attendees')).fill('38')
        await share('Lý Văn Cường').fill('80')
        await meeting.getByRole('button', { name: ui('review.meeting.save') }).click()
        await expect.poll(() => meeting.getByRole('status').textContent()).toBe(ui('review.meeting.saved', { passed: 1, total: 1 }))
      })

      await step('posting, and the posted list saved as PDF and read back', async () => {
        const post = page.getByRole('form', { name: ui('review.post.title') })
        await post.getByRole('button', { name: ui('review.post') }).click()
        await expect.poll(() => post.getByRole('status').textContent()).toBe(ui('review.posted', { count: 3 }))
        dialogs.save('niem-yet.pdf')
        await post.getByRole('button', { name: ui('review.post.pdf') }).click()
        await expect.poll(() => post.getByRole('status').textContent()).toMatch(uiPattern('review.saved', { file: 'niem-yet.pdf' }))
        const saved = dialogs.saved.at(-1)!
        const posted = pdfText(saved)
        expect(posted).toMatch(/DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025/)
        // Table rows are read line by line from the layout (reading order mixes the columns of a wide table).
        const cuongLine = pdfText(saved, { layout: true })
          .split('\n')
          .find((l) => l.includes('Lý Văn Cường'))!
        // No B1 column value: none was typed; the B2 score (10 points a deprivation) and the agreement follow the class.
        expect(cuongLine.replace(/\s+/g, ' ')).toMatch(/Lý Văn Cường 2 .*Hộ nghèo 30 80,00%/)
      })

      await step('approval and lock', async () => {
        await page.getByRole('tab', { name: ui('review.tab.progress') }).click()
        const approve = page.getByRole('form', { name: ui('review.approve.title') })
        await approve.getByLabel(ui('review.decisionNumber')).fill('125/QĐ-UBND')
        await approve.getByLabel(ui('review.decisionDate')).fill('2025-10-01')
        await approve.getByRole('button', { name: ui('review.approve') }).click()
        await expect
          .poll(() => page.getByText(uiPattern('review.state.approved', { number: '125/QĐ-UBND', date: '01/10/2025' })).isVisible())
          .toBe(true)
        await expect.poll(() => page.locator('tr[data-unit="Thôn Đồng Tâm"]').textContent()).toBe('Thôn Đồng Tâm333330')
        await app.screenshot('review-2-approved')
      })

      await step('locked: no survey form; the approver reopens Bình with a reason, corrects, and approves the correction', async () => {
        await page.getByRole('tab', { name: ui('review.tab.cases') }).click()
        await page.getByRole('button', { name: 'Nông Văn Bình', exact: true }).click()
        const panel = surveyPanel('Nông Văn Bình')
        const form = panel.getByRole('form', { name: ui('review.survey.title') })
        await expect.poll(() => panel.getByText(ui('review.locked')).isVisible()).toBe(true)
        await expect.poll(() => form.count()).toBe(0)
        await panel.getByLabel(ui('review.reopen.reason')).fill('Nhập sai thu nhập, đã xác minh lại')
        await panel.getByRole('button', { name: ui('review.reopen') }).click()
        await expect.poll(() => form.isVisible()).toBe(true)
        await form.getByLabel(ui('review.survey.income')).fill('1.400.000')
        await form.getByLabel(/^10\. /).uncheck()
        await form.getByLabel(/^11\. /).uncheck()
        await form.getByRole('button', { name: ui('review.survey.save') }).click()
        await expect.poll(() => panel.getByText(result(CLASS_LABEL.near_poor), { exact: true }).isVisible()).toBe(true)
        const fix = panel.getByRole('form', { name: ui('review.approveCase') })
        await fix.getByLabel(ui('review.decisionNumber')).fill('130/QĐ-UBND')
        await fix.getByRole('button', { name: ui('review.approveCase') }).click()
        await expect.poll(() => panel.getByText(ui('review.locked')).isVisible()).toBe(true)
        const history = panel.getByRole('list', { name: ui('review.history') })
        await expect.poll(() => history.textContent()).toMatch(/test-approver: Mở lại để điều chỉnh: Nhập sai thu nhập, đã xác minh lại/)
        await expect.poll(() => history.textContent()).toMatch(/Phê duyệt theo Quyết định số 130\/QĐ-UBND ngày 01\/10\/2025/)
        await panel.getByRole('button', { name: ui('review.case.close') }).click()
      })

      await step('the movement table on screen agrees with the service, and a cell lists its households', async () => {
        await page.getByRole('tab', { name: ui('review.tab.movements') }).click()
        await page.getByRole('button', { name: ui('review.movements.show') }).click()
        const poorTable = page.getByRole('table', { name: GROUP_LABEL.poor })
        await expect.poll(() => poorTable.isVisible()).toBe(true)
        const expected = (await movements(ctx, { from: { year: 2024 }, to: { year: 2025 } })).find(
          (r: MovementRow) => r.commune === null && r.group === 'poor' && r.unit === 'households',
        )!
        expect(expected).toMatchObject({ start: 1, end: 1, left: { above_line: 1 }, entered: { new: 1, from_near_poor: 0, fell_back: 0 } })
        const totalRow = poorTable.locator('tr.bold')
        await expect.poll(() => totalRow.textContent()).toBe('Tổng cộng101000101')
        // Cường was average last year and never poor or near-poor before: newly poor; his name is behind the figure.
        await totalRow.getByRole('button', { name: '1' }).nth(2).click()
        await expect
          .poll(() => page.getByRole('region', { name: 'Tổng cộng — Phát sinh mới' }).textContent())
          .toMatch(/Lý Văn Cường \(HGD-000003, Xã Mẫu Sơn\): Hộ có mức sống trung bình → Hộ nghèo/)
        await app.screenshot('review-3-movements')
        expect(app.errors).toEqual([])
      })
    },
  )
})
