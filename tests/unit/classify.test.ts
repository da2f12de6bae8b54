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
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_500_001, deprived: [1, 2, 3, 4] }).class).toBe('average')
    expect(classify(s2022, { areaType: 'urban', incomePerPersonMonth: 1_900_000, deprived: [1, 2, 3] }).class).toBe('poor')
    expect(classify(s2022, { areaType: 'urban', incomePerPersonMonth: 3_000_001, deprived: [] }).class).toBe('none')
  })

  it('gives reasons and Circular 07 scores', () => {
    const r = classify(s2022, { areaType: 'rural', incomePerPersonMonth: 1_200_000, deprived: [11, 1, 4, 9, 4] })
    expect(r.deprived).toEqual([1, 4, 9, 11])
    expect(r.scores).toEqual({ income: 112, deprivation: 40, deprivationCount: 4 })
    expect(r.reasons[0]).toBe('Thu nhập 1.200.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đ')
    expect(r.reasons[1]).toMatch(/^Thiếu hụt 4 chỉ số: 1\. Việc làm; 4\. Bảo hiểm y tế/)
    expect(r.reasons[2]).toBe('Từ 3 chỉ số thiếu hụt trở lên → hộ nghèo')
  })

  it('2016–2020 uses two bands: below the poverty line is poor whatever the deprivations', () => {
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 700_000, deprived: [] }).class).toBe('poor')
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 900_000, deprived: [1, 2, 3] }).class).toBe('poor')
    expect(classify(s2016, { areaType: 'rural', incomePerPersonMonth: 900_000, deprived: [1, 2] }).class).toBe('near_poor')
    expect(classify(s2016, { areaType: 'urban', incomePerPersonMonth: 1_300_001, deprived: [1, 2, 3] }).class).toBe('average')
  })

  it('2027–2030 has its own lines; a formerly poor household above the line is newly escaped', () => {
    expect(classify(s2027, { areaType: 'rural', incomePerPersonMonth: 2_100_000, deprived: [1, 2, 11] }).class).toBe('poor')
    const r = classify(s2022, { areaType: 'rural', incomePerPersonMonth: 2_000_000, deprived: [], previous: 'poor' })
    expect(r.class).toBe('newly_escaped')
    expect(r.reasons.at(-1)).toMatch(/mới thoát nghèo/)
  })

  it('office overrides of unconfirmed values change the result without a release, and are validated', () => {
    const corrected = applyOverride(s2022, { averageLine: { rural: 2_000_000, urban: 2_600_000 } })
    expect(classify(corrected, { areaType: 'rural', incomePerPersonMonth: 2_100_000, deprived: [] }).class).toBe('none')
    expect(classify(s2022, { areaType: 'rural', incomePerPersonMonth: 2_100_000, deprived: [] }).class).toBe('average')
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
