import { describe, expect, it } from 'vitest'
import type { HouseholdDetail } from '@shared/domain/household-views'
import type { CaseDetail, CaseRow, Cycle, RestandardPreview } from '@shared/domain/reviews'
import type { OfficialDocument } from '@shared/print/document'
import { noFiles } from '../../electron/main/services/context'
import { certificates, publicList } from '../../electron/main/services/reviews/documents'
import { officeWithVillages } from '../helpers/households'
import { household, ok, refused } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext } from '../helpers/temp'

// The rules of the issue "the 2026 review under the 2027–2030 standard", each on a real database
// through the router: which standard a review uses, the review list, B1/B2 as the forms have them,
// no printed B1 that was not entered, average living standard by livelihood, moving a review.

const survey = (caseId: string, b1Score: number | null, deprived: number[], income = 1_000_000) => ({
  caseId,
  b1Score,
  assessment: { incomePerPersonMonth: income, housingAreaM2: 40, indicators: deprived.map((no) => ({ no, deprived: true })) },
})

async function office(clock = '2026-09-15T02:00:00Z') {
  const ctx = await tempContext({ now: fixedClock(clock).now, files: noFiles })
  const { villages } = await officeWithVillages(ctx)
  const v = villages['Thôn Đồng Tâm']!
  return { ctx, v, clerk: await signedInRouter(ctx, 'clerk') }
}

const idOf = (cases: CaseRow[], name: string) => cases.find((c) => c.headName === name)!.id

describe('which standard a review uses (data, not code)', () => {
  it('the 2026 review sets the 2027 lists under Decree 351/2025; the 2021 review the 2022 lists under 2022–2025', async () => {
    const { ctx, clerk } = await office()
    const y2026 = await ok<Cycle>(clerk, 'review.open', { year: 2026 })
    expect(y2026).toMatchObject({ standardId: 'mdp-2027-2030', listsYear: 2027, standardWarning: null, standardReason: null })
    expect(y2026.standardBasis).toBe(
      'Kỳ rà soát năm 2026 xác định danh sách năm 2027 — Chuẩn nghèo đa chiều giai đoạn 2027–2030, Nghị định 351/2025/NĐ-CP',
    )
    const y2021 = await ok<Cycle>(clerk, 'review.open', { year: 2021 })
    expect([y2021.standardId, y2021.listsYear]).toEqual(['mdp-2022-2025', 2022])
    expect((await ok<Cycle>(clerk, 'review.open', { year: 2020 })).standardId).toBe('mdp-2016-2020')
    // No standard's data governs the 2030 review yet: refused, nothing written.
    expect((await refused(clerk, 'review.open', { year: 2030 })).message).toMatch(/Chưa có chuẩn nghèo nào áp dụng cho năm 2030/)
    expect((await ctx.store.db.selectFrom('review_cycles').select('year').orderBy('year').execute()).map((r) => r.year)).toEqual([
      2020, 2021, 2026,
    ])
  })
})

describe('the review list (Decision 24/2021)', () => {
  it('lists the poor and near-poor households, applicants (form 01) and households the clerk adds with a reason', async () => {
    const { ctx, v, clerk } = await office()
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2025, 1_000_000, [9, 10, 11]))
    await ok(clerk, 'households.save', household(v, 'Nông Văn Bình', '020075000002', 2025, 1_400_000))
    const cuong = await ok<HouseholdDetail>(clerk, 'households.save', household(v, 'Lý Văn Cường', '020075000003', 2025, 2_600_000))
    const dung = await ok<HouseholdDetail>(clerk, 'households.save', household(v, 'Vi Văn Dũng', '020075000004', 2025, 3_500_000))
    await ok(clerk, 'households.save', household(v, 'Hà Thị Em', '020075000005', 2025, 4_000_000))

    await ok(clerk, 'review.open', { year: 2025 })
    let cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    expect(cases.map((c) => [c.headName, c.listBasis])).toEqual([
      ['Hoàng Văn An', 'poor'],
      ['Nông Văn Bình', 'near_poor'],
    ])
    // Registers assessed before the review already count as surveyed when under the review's standard.
    expect(cases.map((c) => c.stage)).toEqual(['surveyed', 'surveyed'])

    // Form 01: date, who applied, reason.
    const applied = await ok<CaseRow>(clerk, 'review.addApplicant', {
      year: 2025,
      householdId: cuong.id,
      appliedOn: '2025-09-20',
      applicantName: 'Lý Thị Hoa',
      reason: 'Chồng ốm nặng',
    })
    expect([applied.listBasis, applied.appliedOn, applied.applicantName, applied.origin]).toEqual([
      'application',
      '2025-09-20',
      'Lý Thị Hoa',
      'applicant',
    ])
    // Added by the clerk: a reason is needed; refused without one, and nothing is written.
    const short = await refused(clerk, 'review.addCase', { year: 2025, householdId: dung.id, reason: 'x' })
    expect(short.message).toMatch(/Nêu lý do đưa hộ vào danh sách rà soát/)
    expect(await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })).toHaveLength(3)
    await ok(clerk, 'review.addCase', { year: 2025, householdId: dung.id, reason: 'Trưởng thôn đề nghị xem xét' })
    expect((await refused(clerk, 'review.addCase', { year: 2025, householdId: dung.id, reason: 'Lần thứ hai' })).code).toBe('CONFLICT')
    cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    expect(cases.map((c) => c.headName)).toEqual(['Hoàng Văn An', 'Lý Văn Cường', 'Nông Văn Bình', 'Vi Văn Dũng'])
    const trail = await ctx.store.db.selectFrom('audit_log').select('action').where('entity', '=', 'review_case').orderBy('seq').execute()
    expect(trail.map((a) => a.action)).toEqual(['add-applicant', 'add-case'])

    // Approval waits on the listed cases only: Hà Thị Em (not listed) is never named.
    const approver = await signedInRouter(ctx, 'approver')
    const early = await refused(approver, 'review.approve', { year: 2025, decisionNumber: '1/QĐ-UBND', decisionDate: '2026-12-10' })
    expect(early.message).toMatch(/^Chưa thể phê duyệt: 4 hộ chưa được họp thôn thống nhất/)
    expect(early.message).not.toMatch(/Hà Thị Em/)
  })
})

describe('the survey as the forms have it: form A, the B1 score entered, B2 = 10 points per deprivation', () => {
  it('2025 review (rural): B1 150 with 3 deprivations is not poor, B1 140 is; urban ≤ 175; 2027–2030 falls back to income with a note', async () => {
    const { ctx, v, clerk } = await office('2025-10-01T02:00:00Z')
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
    const urban = household(v, 'Nông Văn Bình', '020075000002', 2024, 1_400_000)
    await ok(clerk, 'households.save', { ...urban, household: { ...urban.household, areaType: 'urban' } })
    await ok(clerk, 'review.open', { year: 2025 })
    const cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    const an = idOf(cases, 'Hoàng Văn An')

    const at150 = await ok<CaseDetail>(clerk, 'review.survey', { ...survey(an, 150, [9, 10, 11]), screening: { result: 'pass' } })
    expect([at150.classification, at150.incomeScore, at150.deprivationScore]).toEqual(['newly_escaped', 150, 30])
    expect(at150.reasons[0]).toBe('Điểm B1 150 > 140 (ngưỡng nông thôn) → không thuộc diện nghèo, cận nghèo')
    expect(at150.screening?.result).toBe('pass')
    const at140 = await ok<CaseDetail>(clerk, 'review.survey', survey(an, 140, [9, 10, 11]))
    expect([at140.classification, at140.incomeScore, at140.deprivationScore]).toEqual(['poor', 140, 30])
    expect(at140.reasons).toEqual([
      'Điểm B1 140 ≤ 140 (ngưỡng nông thôn)',
      'Thiếu hụt 3 chỉ số: 9. Nguồn nước sinh hoạt; 10. Nhà tiêu hợp vệ sinh; 11. Sử dụng dịch vụ viễn thông → điểm B2 30',
      'Điểm B2 từ 30 trở lên → hộ nghèo',
    ])
    expect(at140.b1Thresholds).toEqual({ rural: 140, urban: 175 })
    // B1 decides even when the income is above the line; two deprivations (B2 20) is near-poor.
    expect((await ok<CaseDetail>(clerk, 'review.survey', survey(an, 100, [9, 10], 1_900_000))).classification).toBe('near_poor')
    const binh = idOf(cases, 'Nông Văn Bình')
    expect((await ok<CaseDetail>(clerk, 'review.survey', survey(binh, 175, [3, 9, 10]))).classification).toBe('poor')
    expect((await ok<CaseDetail>(clerk, 'review.survey', survey(binh, 176, [3, 9, 10]))).classification).toBe('newly_escaped')
    // Form A's result "fail" is kept and warns the meeting when form B still classes the household.
    const failed = await ok<CaseDetail>(clerk, 'review.survey', { ...survey(binh, 120, [3, 9, 10]), screening: { result: 'fail' } })
    expect(failed.screeningWarning).toMatch(/Phiếu A: không đạt/)
    // A B1 score that is not a whole number is refused next to its field; nothing changes.
    const bad = await refused(clerk, 'review.survey', survey(binh, 12.5, [1]))
    expect(bad.message).toMatch(/Điểm B1 là số nguyên/)
    expect((await ok<CaseDetail>(clerk, 'review.case', { id: binh })).incomeScore).toBe(120)

    // The 2026 review is under 2027–2030, whose B1 thresholds are not known: by income, with a visible note.
    await ok(clerk, 'review.open', { year: 2026 })
    const c2026 = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2026 })
    const r = await ok<CaseDetail>(clerk, 'review.survey', survey(idOf(c2026, 'Hoàng Văn An'), 150, [3, 9, 10], 2_100_000))
    expect([r.classification, r.standardId, r.b1Thresholds]).toEqual(['poor', 'mdp-2027-2030', null])
    expect(r.reasons[0]).toMatch(/chưa có ngưỡng điểm B1 .*phân loại theo thu nhập, điểm B1 đã ghi 150 chưa được dùng/)
    expect(r.reasons[1]).toBe('Thu nhập 2.100.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 2.200.000 đ')
    void ctx
  })
})

describe('no document prints a B1 score that was not entered', () => {
  it('the posted list, the household lists and the certificate', async () => {
    const { ctx, v, clerk } = await office('2025-10-01T02:00:00Z')
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10, 11]))
    await ok(clerk, 'households.save', household(v, 'Nông Văn Bình', '020075000002', 2024, 1_400_000, [9]))
    await ok(clerk, 'review.open', { year: 2025 })
    const cases = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    // An: B1 137 entered from the paper form. Bình: surveyed by income only (no B1).
    await ok(clerk, 'review.survey', survey(idOf(cases, 'Hoàng Văn An'), 137, [9, 10, 11]))
    await ok(clerk, 'review.survey', survey(idOf(cases, 'Nông Văn Bình'), null, [9], 1_400_000))
    await ok(clerk, 'review.meeting', {
      year: 2025,
      unitId: v,
      heldOn: '2025-10-02',
      chair: 'Hoàng Văn Thụ',
      attendees: 30,
      votes: cases.map((c) => ({ caseId: c.id, agreePercent: 90 })),
    })
    await ok(clerk, 'review.post', { year: 2025, unitId: v, postedOn: '2025-10-03' })

    const rowOf = (doc: OfficialDocument, name: string) => {
      const table = doc.body.find((b) => b.kind === 'table')!
      return table.kind === 'table' ? table.table.rows.find((r) => r.includes(name))! : []
    }
    const posted = await publicList(ctx, { year: 2025, unitId: v })
    // Columns: no., head, members, last year, this year, B1, B2, agreement. Income × 140 / line would have printed 93.
    expect(rowOf(posted, 'Nông Văn Bình').slice(5, 7)).toEqual([null, 10])
    expect(rowOf(posted, 'Hoàng Văn An').slice(5, 7)).toEqual([137, 30])

    const list = async (id: string) => ok<OfficialDocument>(clerk, 'reports.preview', { id, params: { year: 2025 } })
    expect(rowOf(await list('list-poor'), 'Hoàng Văn An').slice(-2)).toEqual([137, 30])
    expect(rowOf(await list('list-near-poor'), 'Nông Văn Bình').slice(-2)).toEqual([null, 10])

    const approver = await signedInRouter(ctx, 'approver')
    await ok(approver, 'review.approve', { year: 2025, decisionNumber: '125/QĐ-UBND', decisionDate: '2025-12-10' })
    const certs = await certificates(ctx, { year: 2025 })
    expect(certs).toHaveLength(2)
    for (const c of certs) expect(JSON.stringify(c.body)).not.toMatch(/B1|Điểm|\b93\b/)

    // A register kept before this change held computed scores: migration 0011 cleared them (tested in
    // review-standards-upgrade.test.ts); the register's own form never writes one.
    const register = await ctx.store.db
      .selectFrom('household_assessments')
      .select(['year', 'income_score'])
      .where('year', '=', 2024)
      .execute()
    expect(register.map((r) => r.income_score)).toEqual([null, null])
  })
})

describe('average living standard: farming, forestry, fishery and salt-making households only', () => {
  it('classes a farming household in the band as average, another livelihood as none; the form keeps the livelihood', async () => {
    const { clerk, v } = await office('2025-10-01T02:00:00Z')
    const farm = household(v, 'Hoàng Văn An', '020075000001', 2025, 2_000_000)
    const a = await ok<HouseholdDetail>(clerk, 'households.save', { ...farm, household: { ...farm.household, livelihood: 'farming' } })
    expect([a.livelihood, a.assessments[0]!.classification]).toEqual(['farming', 'average'])
    const trade = household(v, 'Nông Văn Bình', '020075000002', 2025, 2_000_000)
    const b = await ok<HouseholdDetail>(clerk, 'households.save', { ...trade, household: { ...trade.household, livelihood: 'other' } })
    expect(b.assessments[0]!.classification).toBe('none')
    expect(b.assessments[0]!.reasons.at(-1)).toMatch(/hộ không làm nông, lâm, ngư, diêm nghiệp/)
    const wrong = await refused(clerk, 'households.save', { ...trade, household: { ...trade.household, livelihood: 'mining' } })
    expect(wrong.message).toMatch(/Chọn ngành nghề chính của hộ/)
    const summary = await ok<OfficialDocument>(clerk, 'reports.preview', { id: 'summary', params: { year: 2025 } })
    expect(JSON.stringify(summary)).toMatch(/Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình/)
  })
})

describe('moving an open review to the standard its data says', () => {
  it('previews how many cases change class, moves in one audited action with a reason, refuses once approved', async () => {
    const { ctx, v, clerk } = await office('2026-09-20T02:00:00Z')
    // Entered during 2026 (before the review): the standard in force that day, 2022–2025.
    // An's deprivations exist in both standards (nutrition, water, toilet), so he stays poor.
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2026, 1_000_000, [3, 9, 10]))
    await ok(clerk, 'households.save', household(v, 'Nông Văn Bình', '020075000002', 2026, 1_800_000, [9]))
    await ok(clerk, 'households.save', household(v, 'Lý Văn Cường', '020075000003', 2026, 1_400_000))
    // A 2026 review opened before this change: under 2022–2025 (as a database upgraded from then holds it).
    await ctx.store.db
      .insertInto('review_cycles')
      .values({
        id: '0b6c5c8e-5b1f-4a53-9d0c-7f6f3c1c2a11',
        office_id: (await ctx.store.db.selectFrom('office').select('id').executeTakeFirstOrThrow()).id,
        year: 2026,
        standard_id: 'mdp-2022-2025',
        opened_on: '2026-09-01',
        state: 'open',
        decision_number: null,
        decision_date: null,
        standard_reason: null,
        created_at: '2026-09-01T00:00:00Z',
        updated_at: '2026-09-01T00:00:00Z',
      })
      .execute()
    const ids = await ctx.store.db.selectFrom('households').select(['id', 'head_name']).execute()
    for (const h of ids) await ok(clerk, 'review.addCase', { year: 2026, householdId: h.id, reason: 'Danh sách mở trước khi cập nhật' })
    const before = (await ok<Cycle[]>(clerk, 'review.cycles', {})).find((c) => c.year === 2026)!
    expect(before.standardWarning).toMatch(
      /Kỳ rà soát năm 2026 đang theo Chuẩn nghèo đa chiều giai đoạn 2022–2025, nhưng danh sách năm 2027 phải xác định theo Chuẩn nghèo đa chiều giai đoạn 2027–2030 \(Nghị định 351\/2025\/NĐ-CP\)/,
    )
    const classes = async () =>
      Object.fromEntries(
        (
          await ctx.store.db
            .selectFrom('household_assessments as a')
            .innerJoin('households as h', 'h.id', 'a.household_id')
            .select(['h.head_name', 'a.classification', 'a.standard_id'])
            .where('a.year', '=', 2026)
            .execute()
        ).map((r) => [r.head_name, `${r.classification}/${r.standard_id}`]),
      )
    const was = await classes()
    expect(was).toEqual({
      'Hoàng Văn An': 'poor/mdp-2022-2025',
      'Nông Văn Bình': 'none/mdp-2022-2025',
      'Lý Văn Cường': 'near_poor/mdp-2022-2025',
    })

    const preview = await ok<RestandardPreview>(clerk, 'review.restandardPreview', { year: 2026, standardId: 'mdp-2027-2030' })
    // Bình (1.800.000 đ, under the new 2.200.000 đ line) becomes near-poor; An stays poor; Cường stays near-poor.
    expect([preview.reclassified, preview.changed, preview.backToSurvey]).toEqual([3, 1, 0])
    expect(preview.changes).toMatchObject([{ headName: 'Nông Văn Bình', from: 'none', to: 'near_poor' }])
    expect(preview.newIndicators).toEqual(['11. Thu gom, xử lý rác thải sinh hoạt', '12. Sử dụng dịch vụ internet, dịch vụ số'])
    expect(await classes()).toEqual(was)

    const noReason = await refused(clerk, 'review.restandard', { year: 2026, standardId: 'mdp-2027-2030', reason: '' })
    expect(noReason.message).toMatch(/Nêu lý do chuyển chuẩn nghèo/)
    expect((await refused(clerk, 'review.restandard', { year: 2026, standardId: 'mdp-2099', reason: 'Theo hướng dẫn' })).code).toBe(
      'NOT_FOUND',
    )
    expect(await classes()).toEqual(was)

    const moved = await ok<{ cycle: Cycle; preview: RestandardPreview }>(clerk, 'review.restandard', {
      year: 2026,
      standardId: 'mdp-2027-2030',
      reason: 'Danh sách năm 2027 theo Nghị định 351/2025/NĐ-CP',
    })
    expect(moved.cycle).toMatchObject({ standardId: 'mdp-2027-2030', standardWarning: null })
    expect(moved.cycle.standardBasis).toMatch(/\(đã chuyển chuẩn: Danh sách năm 2027 theo Nghị định 351\/2025\/NĐ-CP\)$/)
    expect(await classes()).toEqual({
      'Hoàng Văn An': 'poor/mdp-2027-2030',
      'Nông Văn Bình': 'near_poor/mdp-2027-2030',
      'Lý Văn Cường': 'near_poor/mdp-2027-2030',
    })
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['entity', 'actor', 'after_json'])
      .where('action', '=', 'restandard')
      .execute()
    expect(audit.map((a) => a.entity).sort()).toEqual(['review_case', 'review_cycle'])
    expect(JSON.parse(audit.find((a) => a.entity === 'review_cycle')!.after_json!)).toMatchObject({
      standard_id: 'mdp-2027-2030',
      reclassified: 3,
      changed: 1,
    })
    expect((await refused(clerk, 'review.restandard', { year: 2026, standardId: 'mdp-2027-2030', reason: 'Lại lần nữa' })).message).toMatch(
      /đã theo Chuẩn nghèo đa chiều giai đoạn 2027–2030/,
    )

    // Once approved it is refused.
    await ctx.store.db
      .updateTable('review_cycles')
      .set({ state: 'approved', decision_number: '9/QĐ-UBND' })
      .where('year', '=', 2026)
      .execute()
    const late = await refused(clerk, 'review.restandardPreview', { year: 2026, standardId: 'mdp-2022-2025' })
    expect(late.message).toMatch(/đã được phê duyệt .*không chuyển chuẩn nghèo được/)
  })
})

describe('the 2027–2030 data an office corrects in Settings', () => {
  it('the wording of an unconfirmed indicator and the B1 thresholds; audited, and used by the review', async () => {
    const { ctx, v } = await office('2026-10-01T02:00:00Z')
    const admin = await signedInRouter(ctx, 'admin')
    const clerk = await signedInRouter(ctx, 'clerk')
    type Std = { id: string; indicators: { no: number; name: string }[]; scores: { incomeScoreLine: unknown } | null }
    // A clerk may not change the thresholds every household is classified by (the admin's setting).
    const forbidden = await refused(clerk, 'households.setStandardOverride', {
      standardId: 'mdp-2027-2030',
      override: { incomeScoreLine: { rural: 1, urban: 1 } },
    })
    expect(forbidden.code).toBe('FORBIDDEN')
    const bad = await refused(admin, 'households.setStandardOverride', {
      standardId: 'mdp-2027-2030',
      override: { indicators: { '11': { name: '' } } },
    })
    expect(bad.message).toMatch(/Nhập tên chỉ số/)
    const saved = await ok<Std>(admin, 'households.setStandardOverride', {
      standardId: 'mdp-2027-2030',
      override: { indicators: { '11': { name: 'Thu gom rác thải' } }, incomeScoreLine: { rural: 150, urban: 190 } },
    })
    expect(saved.indicators.find((i) => i.no === 11)!.name).toBe('Thu gom rác thải')
    const listed = (await ok<Std[]>(clerk, 'households.standards', {})).find((s) => s.id === 'mdp-2027-2030')!
    expect(listed.scores?.incomeScoreLine).toEqual({ rural: 150, urban: 190 })
    const trail = await ctx.store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'override').execute()
    expect(trail.map((t) => t.entity_id)).toEqual(['mdp-2027-2030'])

    // The 2026 review now classifies by the office's B1 thresholds.
    await ok(clerk, 'households.save', household(v, 'Hoàng Văn An', '020075000001', 2025, 1_000_000, [3, 9, 10]))
    await ok(clerk, 'review.open', { year: 2026 })
    const [c] = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2026 })
    const r = await ok<CaseDetail>(clerk, 'review.survey', survey(c!.id, 150, [3, 9, 11]))
    expect([r.classification, r.b1Thresholds]).toEqual(['poor', { rural: 150, urban: 190 }])
    expect(r.reasons[1]).toMatch(/11\. Thu gom rác thải/)
  })
})
