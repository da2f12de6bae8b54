import { describe, expect, it } from 'vitest'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import { classify } from '@shared/standards/classify'
import { deriveIndicators } from '@shared/standards/derive'
import { applyOverride } from '@shared/standards/schema'
import { viSortKey } from '@shared/text/sort-key'
import { viCollator } from '@shared/text/fold'

const s2022 = standardForYear(BUILTIN_STANDARDS, 2024)!
const s2016 = standardForYear(BUILTIN_STANDARDS, 2018)!
const s2027 = standardForYear(BUILTIN_STANDARDS, 2028)!

describe('classify (pure, standards as data)', () => {
  it('2022–2025: income at the line with 3 deprivations is poor, with 2 near-poor; urban line is higher', () => {
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_000, deprived: [1, 4, 9] }).class).toBe('poor')
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_000, deprived: [1, 4] }).class).toBe('near_poor')
    // "Average living standard" is only for farming, forestry, fishery and salt-making households (Decree 07/2021):
    // the test once classed any household in the band as average.
    expect(
      classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_001, deprived: [1, 2, 3, 4], livelihood: 'farming' }).class,
    ).toBe('average')
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_001, deprived: [], livelihood: 'other' }).class).toBe('none')
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_001, deprived: [] }).reasons.at(-1)).toMatch(
      /chưa ghi ngành nghề chính/,
    )
    expect(classify(s2022, { areaType: 'urban', incomePerPersonMonth: 1_900_000, deprived: [1, 2, 3] }).class).toBe('poor')
    expect(classify(s2022, { areaType: 'urban', incomePerPersonMonth: 3_000_001, deprived: [] }).class).toBe('none')
  })

  it('gives reasons and Circular 07 scores; no B1 score unless one was entered', () => {
    const r = classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_200_000, deprived: [11, 1, 4, 9, 4] })
    expect(r.deprived).toEqual([1, 4, 9, 11])
    // B1 was once computed as income × 140 / line (112 here): form B1 is the surveyor's score, never derived.
    expect(r.scores).toEqual({ b1: null, deprivation: 40, deprivationCount: 4 })
    expect(r.basis).toBe('income')
    expect(r.reasons[0]).toBe('Thu nhập 1.200.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đ')
    expect(r.reasons[1]).toMatch(/^Thiếu hụt 4 chỉ số: 1\. Việc làm; 4\. Bảo hiểm y tế/)
    expect(r.reasons[2]).toBe('Từ 3 chỉ số thiếu hụt trở lên → hộ nghèo')
  })

  it('the review classifies by the B1 score entered and B2 = 10 points per deprivation (Circular 07/2021)', () => {
    const at = (b1Score: number, deprived: number[], areaType: 'rural' | 'urban' = 'rural') =>
      classify(s2022, { areaType, incomePerPersonMonth: 1_000_000, deprived, b1Score })
    expect(at(140, [1, 4, 9]).class).toBe('poor')
    expect(at(140, [1, 4, 9]).basis).toBe('b1')
    expect(at(150, [1, 4, 9]).class).toBe('none')
    expect(at(150, [1, 4, 9]).reasons[0]).toBe('Điểm B1 150 > 140 (ngưỡng nông thôn) → không thuộc diện nghèo, cận nghèo')
    expect(at(140, [1, 4]).class).toBe('near_poor')
    expect(at(175, [1, 4, 9], 'urban').class).toBe('poor')
    expect(at(176, [1, 4, 9], 'urban').class).toBe('none')
    expect(at(120, [1, 4, 9]).scores).toEqual({ b1: 120, deprivation: 30, deprivationCount: 3 })
    // 2027–2030 has no B1 thresholds yet: by income, saying so.
    const r = classify(s2027, { areaType: 'rural', incomePerPersonMonth: 2_000_000, deprived: [1, 2, 3], b1Score: 150 })
    expect([r.class, r.basis]).toEqual(['poor', 'income'])
    expect(r.reasons[0]).toMatch(/chưa có ngưỡng điểm B1/)
    // An office that enters the thresholds in Settings gets the B1 rule.
    const set = applyOverride(s2027, { incomeScoreLine: { rural: 140, urban: 175 } })
    expect(classify(set, { areaType: 'rural', incomePerPersonMonth: 2_000_000, deprived: [1, 2, 3], b1Score: 150 }).class).toBe('none')
  })

  it('2027–2030 has no average-living band: nobody is "average" until an office enters one', () => {
    const r = classify(s2027, { areaType: 'rural', incomePerPersonMonth: 2_300_000, deprived: [], livelihood: 'farming' })
    expect([r.class, r.averageLine]).toEqual(['none', null])
    const withBand = applyOverride(s2027, { averageLine: { rural: 3_000_000, urban: 4_000_000 } })
    expect(classify(withBand, { areaType: 'rural', incomePerPersonMonth: 2_300_000, deprived: [], livelihood: 'farming' }).class).toBe(
      'average',
    )
  })

  it('2016–2020 uses two bands: below the poverty line is poor whatever the deprivations', () => {
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 700_000, deprived: [] }).class).toBe('poor')
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 900_000, deprived: [1, 2, 3] }).class).toBe('poor')
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 900_000, deprived: [1, 2] }).class).toBe('near_poor')
    expect(classify(s2016, { areaType: 'urban', incomePerPersonMonth: 1_300_001, deprived: [1, 2, 3], livelihood: 'fishery' }).class).toBe(
      'average',
    )
  })

  it('2027–2030 has its own lines; a formerly poor household above the line is newly escaped', () => {
    expect(classify(s2027, { areaType: 'rural', incomePerPersonMonth: 2_100_000, deprived: [1, 2, 11] }).class).toBe('poor')
    const r = classify(s2022, { areaType: 'rural', incomePerPersonMonth: 2_000_000, deprived: [], previous: 'poor' })
    expect(r.class).toBe('newly_escaped')
    expect(r.reasons.at(-1)).toMatch(/mới thoát nghèo/)
  })

  it('office overrides of unconfirmed values change the result without a release, and are validated', () => {
    const corrected = applyOverride(s2022, { averageLine: { rural: 2_000_000, urban: 2_600_000 } })
    const farming = { areaType: 'rural' as const, incomePerPersonMonth: 2_100_000, deprived: [], livelihood: 'farming' as const }
    expect(classify(corrected, farming).class).toBe('none')
    expect(classify(s2022, farming).class).toBe('average')
    expect(() => applyOverride(s2022, { povertyLine: { rural: -5, urban: 1 } })).toThrow()
  })
})

describe('indicators derived from members', () => {
  const adult = { birthDate: '1980', healthInsurance: true, schooling: 'not_applicable' as const, working: 'contract' as const }
  it('health insurance, school attendance, dependants and living area, each saying what it counted', () => {
    const members = [
      adult,
      { ...adult, birthDate: '1950-02-01', healthInsurance: false, working: 'retired' as const },
      { ...adult, birthDate: '2014', schooling: 'not_attending' as const, working: 'child' as const },
      { ...adult, birthDate: '2023', healthInsurance: false, working: 'child' as const },
    ]
    const d = deriveIndicators(s2022, { year: 2024, members, housingAreaM2: 30 })
    const by = Object.fromEntries(d.map((x) => [x.no, x]))
    expect(by[4]).toMatchObject({ deprived: true, value: '1/3 người từ 6 tuổi không có BHYT', source: 'derived' })
    expect(by[6]).toMatchObject({ deprived: true })
    expect(by[2]).toMatchObject({ deprived: true, value: '3/4 người phụ thuộc' })
    expect(by[8]).toMatchObject({ deprived: true, value: '7,5 m²/người (30 m², 4 người)' })
    expect(by[1]).toMatchObject({ deprived: false })
    const roomy = deriveIndicators(s2022, { year: 2024, members, housingAreaM2: 40 })
    expect(roomy.find((x) => x.no === 8)!.deprived).toBe(false)
  })
})

describe('Vietnamese sort key', () => {
  it('sorts like the vi collator on letters (đ after d, ă/â after a) in plain binary order', () => {
    const names = [
      'Vũ Văn Ân',
      'Đặng Thị Mai',
      'Dương Văn Bình',
      'Âu Thị Hoa',
      'Ăn Văn Chí',
      'An Văn Bảo',
      'Ông Văn Tư',
      'Ơn Thị Lụa',
      'Út',
      'Ưng Văn Tài',
      'Hoàng Thị Lụa',
    ]
    const byKey = [...names].sort((a, b) => (viSortKey(a) < viSortKey(b) ? -1 : viSortKey(a) > viSortKey(b) ? 1 : 0))
    expect(byKey).toEqual([...names].sort(viCollator.compare))
    expect(byKey.indexOf('Đặng Thị Mai')).toBe(byKey.indexOf('Dương Văn Bình') + 1)
  })
})
