import { describe, expect, it } from 'vitest'
import { BUILTIN_STANDARDS, standardForEntry, standardForReview, standardForYear, standardInForce } from '@shared/standards'
import { REVIEW_RULES, listsYearOf, ongoingTiming } from '@shared/reviews/rules'
import { applyOverride, StandardOverrideSchema, StandardSchema } from '@shared/standards/schema'

const byId = (id: string) => BUILTIN_STANDARDS.find((s) => s.id === id)!

describe('poverty standards as data', () => {
  it('ships the three periods, each valid against the schema', () => {
    expect(BUILTIN_STANDARDS.map((s) => s.id)).toEqual(['mdp-2016-2020', 'mdp-2022-2025', 'mdp-2027-2030'])
    for (const s of BUILTIN_STANDARDS) expect(StandardSchema.safeParse(s).success).toBe(true)
  })
  it('carries the legal income lines and indicator counts', () => {
    const s2022 = byId('mdp-2022-2025')
    expect(s2022.povertyLine).toEqual({ rural: 1_500_000, urban: 2_000_000 })
    expect(s2022.indicators).toHaveLength(12)
    const s2016 = byId('mdp-2016-2020')
    expect(s2016.rule).toMatchObject({ kind: 'two_bands', nearPovertyLine: { rural: 1_000_000, urban: 1_300_000 } })
    expect(s2016.indicators).toHaveLength(10)
  })

  it('2027–2030 (Decree 351/2025 of 30/12/2025): lines, rule, 12 indicators in 6 dimensions, no invented average band', () => {
    const s = byId('mdp-2027-2030')
    expect([s.legalBasis, s.issuedOn]).toEqual(['Nghị định 351/2025/NĐ-CP', '2025-12-30'])
    expect(s.povertyLine).toEqual({ rural: 2_200_000, urban: 2_800_000 })
    expect(s.rule).toEqual({ kind: 'single_line', minDeprivations: 3 })
    expect(s.indicators).toHaveLength(12)
    expect(new Set(s.indicators.map((i) => i.dimension)).size).toBe(6)
    const keys = s.indicators.map((i) => i.key)
    expect(keys).toContain('digital_services')
    expect(keys).toContain('household_waste')
    expect(keys).not.toContain('information_access')
    // Wording read only from reports stays flagged, and editable in Settings.
    expect(s.indicators.every((i) => i.unconfirmed)).toBe(true)
    expect(s.averageLine).toBeUndefined()
    expect(s.scores).toMatchObject({ incomeScoreLine: null, unconfirmed: true })
  })

  it('the average-living bands of 2022–2025 and 2016–2020 are confirmed', () => {
    expect(byId('mdp-2022-2025').averageLine).toEqual({ rural: 2_250_000, urban: 3_000_000, unconfirmed: false })
    expect(byId('mdp-2016-2020').averageLine).toEqual({ rural: 1_500_000, urban: 1_950_000, unconfirmed: false })
  })

  it('which standard an annual review uses: the one in force on 1 January of the year its lists apply to', () => {
    expect(standardForReview(BUILTIN_STANDARDS, 2015)?.id).toBe('mdp-2016-2020')
    expect(standardForReview(BUILTIN_STANDARDS, 2020)?.id).toBe('mdp-2016-2020')
    expect(standardForReview(BUILTIN_STANDARDS, 2021)?.id).toBe('mdp-2022-2025')
    expect(standardForReview(BUILTIN_STANDARDS, 2025)?.id).toBe('mdp-2022-2025')
    // The 2026 review sets the 2027 lists: Decree 351/2025. (Before this change it was the 2022–2025 standard.)
    expect(standardForReview(BUILTIN_STANDARDS, 2026)?.id).toBe('mdp-2027-2030')
    expect(standardForReview(BUILTIN_STANDARDS, 2029)?.id).toBe('mdp-2027-2030')
    expect(standardForReview(BUILTIN_STANDARDS, 2030)).toBeUndefined()
    expect(standardForYear).toBe(standardForReview)
    // The data agrees with the rule for every review it names (no year range in code: checked against the data).
    for (const s of BUILTIN_STANDARDS)
      for (let y = s.annualReviews.from; y <= s.annualReviews.to; y++)
        expect(standardInForce(BUILTIN_STANDARDS, `${listsYearOf(y)}-01-01`)?.id, `review ${y}`).toBe(s.id)
  })

  it('in force on a date: 2022–2025 kept through 31/12/2026, then 2027–2030', () => {
    expect(standardInForce(BUILTIN_STANDARDS, '2021-06-30')?.id).toBe('mdp-2016-2020')
    expect(standardInForce(BUILTIN_STANDARDS, '2026-12-31')?.id).toBe('mdp-2022-2025')
    expect(standardInForce(BUILTIN_STANDARDS, '2027-01-01')?.id).toBe('mdp-2027-2030')
    expect(standardInForce(BUILTIN_STANDARDS, '2031-01-01')).toBeUndefined()
  })

  it('a register entry: the year review’s standard when open, else in force on the day when it falls in that year', () => {
    const pick = (year: number, today: string, reviewStandardId: string | null = null) =>
      standardForEntry(BUILTIN_STANDARDS, { year, today, reviewStandardId })?.id
    expect(pick(2026, '2026-09-20')).toBe('mdp-2022-2025')
    expect(pick(2026, '2026-09-20', 'mdp-2027-2030')).toBe('mdp-2027-2030')
    expect(pick(2024, '2026-09-20')).toBe('mdp-2022-2025')
    expect(pick(2018, '2026-09-20')).toBe('mdp-2016-2020')
  })

  it('the review rules as data: the ongoing review’s monthly round on the 15th, decided within 15 days (unconfirmed)', () => {
    expect(REVIEW_RULES.ongoingReview).toMatchObject({ roundStartDay: 15, decisionWithinDays: 15, unconfirmed: true })
    expect(ongoingTiming('2026-03-02')).toEqual({ roundStart: '2026-03-15', dueOn: '2026-03-30' })
    expect(ongoingTiming('2026-03-15')).toEqual({ roundStart: '2026-03-15', dueOn: '2026-03-30' })
    expect(ongoingTiming('2026-12-16')).toEqual({ roundStart: '2027-01-15', dueOn: '2027-01-30' })
  })

  it('an office corrects the wording of an unconfirmed indicator, not of a confirmed one', () => {
    const s = applyOverride(byId('mdp-2027-2030'), { indicators: { '11': { name: 'Thu gom rác' } } })
    expect(s.indicators.find((i) => i.no === 11)!.name).toBe('Thu gom rác')
    const kept = applyOverride(byId('mdp-2022-2025'), { indicators: { '1': { name: 'Khác' } } })
    expect(kept.indicators.find((i) => i.no === 1)!.name).toBe('Việc làm')
    expect(StandardOverrideSchema.safeParse({ indicators: { '11': { name: '' } } }).success).toBe(false)
  })

  it('rejects a standard whose rule is malformed', () => {
    const broken = { ...BUILTIN_STANDARDS[1], rule: { kind: 'two_bands', minDeprivations: 3 } }
    expect(StandardSchema.safeParse(broken).success).toBe(false)
  })
})
