import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CaseDetail, CaseRow, Cycle, MovementRow, ReviewStatus } from '@shared/domain/reviews'
import { chromiumPdfRenderer } from '../../electron/main/export/print/pdf-chromium'
import { dialogQueue } from '../helpers/dialogs'
import { officeWithVillages } from '../helpers/households'
import { household, ok, refused } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'

const pdf = chromiumPdfRenderer()
afterAll(() => pdf.close())
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

const B = { housingAreaM2: 40 }
const poorSurvey = (caseId: string) => ({
  caseId,
  screening: {},
  assessment: { incomePerPersonMonth: 1_100_000, ...B, indicators: [9, 10, 11].map((no) => ({ no, deprived: true })) },
})

describe('the annual review through the router', () => {
  it('survey, meeting, posting, approval and lock, a correction, certificates, and the year’s movements', async () => {
    const clock = fixedClock('2025-09-05T02:00:00Z')
    const dir = tempDir()
    const dialogs = dialogQueue(dir)
    const ctx = await tempContext({ now: clock.now, pdf, files: dialogs.ports })
    const { villages } = await officeWithVillages(ctx)
    const v = villages['Thôn Đồng Tâm']!
    const clerk = await signedInRouter(ctx, 'clerk')
    // Last year's register: A poor, B near-poor, C above the line.
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
    await ok(clerk, 'households.save', household(v, 'Nông Văn Bình', '020075000002', 2024, 1_400_000))
    await ok(clerk, 'households.save', household(v, 'Lý Văn Cường', '020075000003', 2024, 2_100_000))

    // No standard covers 2031: refused with a message, nothing written.
    expect((await refused(clerk, 'review.open', { year: 2031 })).message).toMatch(/Chưa có chuẩn nghèo nào áp dụng cho năm 2031/)
    expect(await ctx.store.db.selectFrom('review_cycles').selectAll().execute()).toEqual([])

    const cycle = await ok<Cycle>(clerk, 'review.open', { year: 2025 })
    expect(cycle).toMatchObject({ year: 2025, standardId: 'mdp-2022-2025', state: 'open' })
    expect((await refused(clerk, 'review.open', { year: 2025 })).code).toBe('CONFLICT')
    // An applicant (form 01) typed in during the review.
    await ok(clerk, 'review.addApplicant', {
      year: 2025,
      appliedOn: '2025-09-10',
      household: household(v, 'Vi Văn Dũng', '020075000004', null),
    })
    // The list is the poor and near-poor households plus applicants (Decision 24/2021), no longer the whole
    // register: Cường (above the line last year) is added by the clerk, with a reason.
    let cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    expect(cases.map((c) => c.headName)).toEqual(['Hoàng Văn An', 'Nông Văn Bình', 'Vi Văn Dũng'])
    const cuongId = (
      await ctx.store.db.selectFrom('households').select('id').where('head_name', '=', 'Lý Văn Cường').executeTakeFirstOrThrow()
    ).id
    await ok(clerk, 'review.addCase', { year: 2025, householdId: cuongId, reason: 'Thôn báo hộ gặp khó khăn đột xuất' })
    cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    // Cường has no livelihood recorded, so last year he is "none", not "average" (farming, forestry, fishery, salt only).
    expect(cases.map((c) => [c.headName, c.origin, c.stage, c.previousClassification, c.listBasis])).toEqual([
      ['Hoàng Văn An', 'register', 'listed', 'poor', 'poor'],
      ['Lý Văn Cường', 'register', 'listed', 'none', 'added'],
      ['Nông Văn Bình', 'register', 'listed', 'near_poor', 'near_poor'],
      ['Vi Văn Dũng', 'applicant', 'listed', null, 'application'],
    ])
    const id = (name: string) => cases.find((c) => c.headName === name)!.id

    // Survey: An escapes (income above the line), Bình becomes poor, Cường stays above, Dũng is newly poor.
    const an = await ok<CaseDetail>(clerk, 'review.survey', {
      caseId: id('Hoàng Văn An'),
      screening: { car: true },
      assessment: { incomePerPersonMonth: 1_800_000, ...B, indicators: [] },
    })
    expect(an.classification).toBe('newly_escaped')
    expect(an.reasons.join(' ')).toMatch(/Năm trước là hộ nghèo → hộ mới thoát nghèo/)
    // No B1 score was entered, so none is shown (it was once computed from income: 168).
    expect(an.incomeScore).toBe(null)
    const binh = await ok<CaseDetail>(clerk, 'review.survey', poorSurvey(id('Nông Văn Bình')))
    // No B1 score entered: the review says it classifies by income, first.
    expect([binh.classification, binh.deprivationScore, binh.reasons[0], binh.reasons.at(-1)]).toEqual([
      'poor',
      30,
      'Chưa nhập điểm B1 (phiếu B1): phân loại theo thu nhập',
      'Từ 3 chỉ số thiếu hụt trở lên → hộ nghèo',
    ])
    await ok(clerk, 'review.survey', { caseId: id('Lý Văn Cường'), assessment: { incomePerPersonMonth: 3_000_000, ...B, indicators: [] } })
    const dung = await ok<CaseDetail>(clerk, 'review.survey', { ...poorSurvey(id('Vi Văn Dũng')), screening: { salaried: true } })
    expect(dung.screeningWarning).toMatch(/Phiếu A ghi nhận dấu hiệu không thuộc diện/)

    // Meeting: a share over 100% is refused and nothing is written; Dũng gets 40% and goes back.
    const meeting = { year: 2025, unitId: v, heldOn: '2025-10-02', chair: 'Hoàng Văn Thụ', secretary: 'Nông Thị Lan', attendees: 42 }
    const over = await refused(clerk, 'review.meeting', { ...meeting, votes: [{ caseId: id('Hoàng Văn An'), agreePercent: 120 }] })
    expect(over.message).toMatch(/Tỷ lệ đồng ý không quá 100%/)
    expect(await ctx.store.db.selectFrom('review_meetings').selectAll().execute()).toEqual([])
    const m = await ok<{ id: string }>(clerk, 'review.meeting', {
      ...meeting,
      votes: [
        { caseId: id('Hoàng Văn An'), agreePercent: 88 },
        { caseId: id('Nông Văn Bình'), agreePercent: 95.5 },
        { caseId: id('Lý Văn Cường'), agreePercent: 100 },
        { caseId: id('Vi Văn Dũng'), agreePercent: 40 },
      ],
    })
    cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    expect(cases.map((c) => c.stage)).toEqual(['met', 'met', 'met', 'redo'])
    await ok(clerk, 'review.post', { year: 2025, unitId: v, postedOn: '2025-10-03' })

    // Approval is the approver's: a clerk is refused; with Dũng not met, the approver is refused too.
    expect((await refused(clerk, 'review.approve', { year: 2025, decisionNumber: '125/QĐ-UBND', decisionDate: '2025-12-10' })).code).toBe(
      'FORBIDDEN',
    )
    const approver = await signedInRouter(ctx, 'approver')
    const early = await refused(approver, 'review.approve', { year: 2025, decisionNumber: '125/QĐ-UBND', decisionDate: '2025-12-10' })
    expect(early.message).toBe('Chưa thể phê duyệt: 1 hộ chưa được họp thôn thống nhất: Vi Văn Dũng (Rà soát lại (dưới 50% đồng ý)).')
    expect((await ctx.store.db.selectFrom('review_cycles').select('state').executeTakeFirstOrThrow()).state).toBe('open')

    // Re-assessment: Dũng is surveyed again (near-poor this time), a second meeting agrees, posted.
    const again = await ok<CaseDetail>(clerk, 'review.survey', {
      caseId: id('Vi Văn Dũng'),
      assessment: { incomePerPersonMonth: 1_300_000, ...B, indicators: [{ no: 9, deprived: true }] },
    })
    expect(again.classification).toBe('near_poor')
    await ok(clerk, 'review.meeting', { ...meeting, heldOn: '2025-10-20', votes: [{ caseId: id('Vi Văn Dũng'), agreePercent: 75 }] })
    await ok(clerk, 'review.post', { year: 2025, unitId: v, postedOn: '2025-10-21' })
    const status = await ok<ReviewStatus>(clerk, 'review.status', { year: 2025 })
    expect(status.rows.find((r) => r.name === 'Thôn Đồng Tâm')).toMatchObject({
      total: 4,
      surveyed: 4,
      met: 4,
      posted: 4,
      approved: 0,
      redo: 0,
    })

    clock.set('2025-12-10T03:00:00Z')
    const approverLater = await signedInRouter(ctx, 'approver')
    const approved = await ok<Cycle>(approverLater, 'review.approve', {
      year: 2025,
      decisionNumber: '125/QĐ-UBND',
      decisionDate: '2025-12-10',
    })
    expect(approved).toMatchObject({ state: 'approved', decisionNumber: '125/QĐ-UBND' })

    // Locked: the register's form cannot change the approved result, nor can the review's survey.
    const clerk2 = await signedInRouter(ctx, 'clerk')
    const binhId = cases.find((c) => c.headName === 'Nông Văn Bình')!.householdId
    const binhDetail = await ok<{ code: string }>(clerk2, 'households.get', { id: binhId })
    const edit = await refused(clerk2, 'households.save', {
      ...household(v, 'Nông Văn Bình', '020075000002', 2025, 2_500_000),
      id: binhId,
      household: { ...household(v, '', '', null).household, code: binhDetail.code },
    })
    expect(edit.message).toMatch(
      /Kết quả rà soát năm 2025 của hộ đã được phê duyệt theo Quyết định số 125\/QĐ-UBND ngày 10\/12\/2025 và đã khóa/,
    )
    expect((await refused(clerk2, 'review.survey', poorSurvey(id('Nông Văn Bình')))).message).toMatch(/đã khóa/)
    const stillPoor = await ctx.store.db
      .selectFrom('household_assessments')
      .select('classification')
      .where('household_id', '=', binhId)
      .where('year', '=', 2025)
      .executeTakeFirstOrThrow()
    expect(stillPoor.classification).toBe('poor')

    // Certificates: one page per recognised household (Bình poor, Dũng near-poor), read back.
    dialogs.save('chung-nhan.pdf')
    const certs = await ok<{ documents: number; pages: number }>(clerk2, 'review.certificatesPdf', { year: 2025 })
    expect(certs).toMatchObject({ documents: 2, pages: 2 })
    const certText = pdfText(dialogs.saved.at(-1)!)
    expect(certText).toMatch(/GIẤY CHỨNG NHẬN HỘ NGHÈO.*Nông Văn Bình.*HỘ NGHÈO năm 2025, gồm 2 thành viên/)
    expect(certText).toMatch(/GIẤY CHỨNG NHẬN HỘ CẬN NGHÈO.*Vi Văn Dũng/)
    expect(certText).toMatch(/Quyết định số 125\/QĐ-UBND ngày 10\/12\/2025/)

    // Minutes of the first meeting and the posted list, read back; one page looked at as an image.
    dialogs.save('bien-ban.pdf')
    await ok(clerk2, 'review.minutesPdf', { meetingId: m.id })
    const minutes = pdfText(dialogs.saved.at(-1)!)
    expect(minutes).toMatch(/BIÊN BẢN HỌP THÔN BÌNH XÉT KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025/)
    expect(minutes).toMatch(/Chủ trì: Hoàng Văn Thụ\. Thư ký: Nông Thị Lan\. Số người tham dự: 42/)
    expect(minutes).toMatch(/Vi Văn Dũng .*40,00% Dưới 50%, rà soát lại/)
    expect(minutes).toMatch(/thống nhất kết quả của 3\/4 hộ/)
    dialogs.save('niem-yet.pdf')
    await ok(clerk2, 'review.publicListPdf', { year: 2025, unitId: v })
    const posted = pdfText(dialogs.saved.at(-1)!)
    expect(posted).toMatch(/DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT/)
    expect(posted).toMatch(/Nông Văn Bình 2 Hộ cận nghèo Hộ nghèo/)
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', dialogs.saved.at(-1)!, join(dir, 'niem-yet')])
    expect(existsSync(join(dir, 'niem-yet-1.png'))).toBe(true)

    // The year's movements: Bình near-poor → poor; An poor → above the line; Dũng new near-poor.
    const rows = await ok<MovementRow[]>(clerk2, 'movements.get', { from: { year: 2024 }, to: { year: 2025 } })
    const poor = rows.find((r) => r.commune === null && r.group === 'poor' && r.unit === 'households')!
    expect([poor.start, poor.left, poor.entered, poor.end]).toEqual([
      1,
      { to_near_poor: 0, above_line: 1, other: 0 },
      { from_near_poor: 1, fell_back: 0, new: 0, other: 0 },
      1,
    ])
    const near = rows.find((r) => r.commune === null && r.group === 'near_poor' && r.unit === 'persons')!
    expect([near.start, near.left.to_poor, near.entered.new, near.end]).toEqual([2, 2, 2, 2])

    // A correction: the approver reopens Bình with a reason, the clerk surveys again, the approver approves it.
    clock.set('2026-02-02T03:00:00Z')
    const approver3 = await signedInRouter(ctx, 'approver')
    const clerk3 = await signedInRouter(ctx, 'clerk')
    expect((await refused(clerk3, 'review.reopen', { caseId: id('Nông Văn Bình'), reason: 'Sai thu nhập' })).code).toBe('FORBIDDEN')
    await ok(approver3, 'review.reopen', { caseId: id('Nông Văn Bình'), reason: 'Nhập sai thu nhập bình quân, đã xác minh lại' })
    await ok(clerk3, 'review.survey', {
      caseId: id('Nông Văn Bình'),
      assessment: { incomePerPersonMonth: 1_400_000, ...B, indicators: [{ no: 9, deprived: true }] },
    })
    const fixed = await ok<CaseDetail>(approver3, 'review.approveCase', {
      caseId: id('Nông Văn Bình'),
      decisionNumber: '12/QĐ-UBND',
      decisionDate: '2026-02-02',
    })
    expect([fixed.classification, fixed.locked, fixed.decisionNumber]).toEqual(['near_poor', true, '12/QĐ-UBND'])
    expect(fixed.history.map((h) => h.action)).toEqual(['survey', 'meeting', 'post', 'reopen', 'survey', 'approve'])
    expect(fixed.history.find((h) => h.action === 'reopen')!.note).toBe(
      'Mở lại để điều chỉnh: Nhập sai thu nhập bình quân, đã xác minh lại',
    )
    const trail = await ctx.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('entity', '=', 'review_case')
      .where('action', 'in', ['reopen', 'approve'])
      .execute()
    expect(trail).toEqual([
      { actor: 'test-approver', action: 'reopen' },
      { actor: 'test-approver', action: 'approve' },
    ])

    // Between two dates the ledger of decisions speaks: on 31/12/2025 Bình was poor, on 28/02/2026 near-poor.
    const byDate = await ok<MovementRow[]>(clerk3, 'movements.get', { from: { date: '2025-12-31' }, to: { date: '2026-02-28' } })
    const poorByDate = byDate.find((r) => r.commune === null && r.group === 'poor' && r.unit === 'households')!
    expect([poorByDate.start, poorByDate.left.to_near_poor, poorByDate.end]).toEqual([1, 1, 0])

    // Ongoing review: a household falls into hardship in March 2026. Its application of 2 March is taken up in the
    // round starting on the 15th and decided within 15 days of it (once: 15 days after the application, 17/03).
    clock.set('2026-03-10T03:00:00Z')
    const clerk4 = await signedInRouter(ctx, 'clerk')
    const cuong = cases.find((c) => c.headName === 'Lý Văn Cường')!.householdId
    const ongoing = await ok<CaseRow>(clerk4, 'review.ongoing', {
      householdId: cuong,
      year: 2026,
      appliedOn: '2026-03-02',
      reason: 'Chủ hộ bị tai nạn lao động, mất khả năng lao động',
    })
    expect([ongoing.dueOn, ongoing.daysLeft, ongoing.origin]).toEqual(['2026-03-30', 20, 'ongoing'])
    expect(dialogs.leftovers()).toEqual([])
  })
})
