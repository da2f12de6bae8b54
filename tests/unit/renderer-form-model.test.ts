import { describe, expect, it } from 'vitest'
import { HouseholdInputSchema } from '@shared/domain/households'
import type { HouseholdDetail } from '@shared/domain/household-views'
import { BUILTIN_STANDARDS, standardForYear } from '@shared/standards'
import {
  addMember,
  draftFrom,
  emptyDraft,
  isShownField,
  newMember,
  removeMember,
  setIndicator,
  toInput,
  validateDraft,
  type Draft,
  type MemberDraft,
} from '../../renderer/src/households/form-model'
import { liveClassify } from '../../renderer/src/households/live-classify'
import { t } from '../../renderer/src/i18n'

// The household form's model: what the clerk types, checked as main checks it, and turned into the contract's input.

const TODAY = '2026-06-15'
const UNIT = '5b0c8f7e-3a1d-4c2b-9e8f-1a2b3c4d5e6f'
const s2022 = standardForYear(BUILTIN_STANDARDS, 2024)!

const member = (patch: Partial<MemberDraft>): MemberDraft => ({ ...newMember(), ...patch })

/** The Hoàng family of Thôn Đồng Tâm as a clerk types it: dates in dd/mm/yyyy, a year alone, money with dots. */
function hoangFamily(): Draft {
  return {
    ...emptyDraft(2024),
    unitId: UNIT,
    address: 'Thôn Đồng Tâm, xã Tân Lập',
    ethnicity: 'Tày',
    members: [
      member({ fullName: ' Hoàng Văn An ', sex: 'male', birth: '12/03/1985', relationship: 'head', citizenId: ' 001085012345 ' }),
      member({ fullName: 'Nông Thị Lan', sex: 'female', birth: '1988', relationship: 'spouse', working: 'no_contract' }),
      member({
        fullName: 'Hoàng Văn Bình',
        sex: 'male',
        birth: '1/9/2015',
        relationship: 'child',
        schooling: 'attending',
        working: 'child',
      }),
    ],
    income: '1.450.000',
    housingArea: '20,5',
  }
}

describe('a new household', () => {
  it('starts with its head and the review year; nothing else is filled in for the clerk', () => {
    const d = emptyDraft(2026)
    expect(d.members.map((m) => m.relationship)).toEqual(['head'])
    expect(d.year).toBe('2026')
    // Unfilled, it names exactly what the clerk must still give: village, the head's name, sex and birth, and income.
    expect(Object.keys(validateDraft(d, TODAY)).sort()).toEqual([
      'assessment.incomePerPersonMonth',
      'household.unitId',
      'members.0.birthDate',
      'members.0.fullName',
      'members.0.sex',
    ])
  })

  it('a filled-in household passes, and becomes an input main accepts, with dates in ISO and money in whole đồng', () => {
    const d = hoangFamily()
    expect(validateDraft(d, TODAY)).toEqual({})
    const input = HouseholdInputSchema.parse(toInput(d))
    expect(input.members.map((m) => [m.fullName, m.birthDate, m.citizenId])).toEqual([
      ['Hoàng Văn An', '1985-03-12', '001085012345'],
      ['Nông Thị Lan', '1988', ''],
      ['Hoàng Văn Bình', '2015-09-01', ''],
    ])
    expect(input.assessment).toMatchObject({ year: 2024, incomePerPersonMonth: 1_450_000, housingAreaM2: 20.5 })
    expect(input.household).toMatchObject({ unitId: UNIT, address: 'Thôn Đồng Tâm, xã Tân Lập', ethnicity: 'Tày' })
    expect(input.id).toBeUndefined()
  })

  it('an unmeasured house area is sent as null (not 0, which would make the living area deprived)', () => {
    const input = toInput({ ...hoangFamily(), housingArea: '' })
    expect(input.assessment?.housingAreaM2).toBeNull()
  })
})

describe('checks before asking main', () => {
  const withMember = (patch: Partial<MemberDraft>, i = 0): Draft => {
    const d = hoangFamily()
    return { ...d, members: d.members.map((m, j) => (j === i ? { ...m, ...patch } : m)) }
  }
  const errorsOf = (d: Draft) => validateDraft(d, TODAY)

  it('birth dates: real calendar days, a year alone, never after today', () => {
    expect(errorsOf(withMember({ birth: '29/02/2024' }, 2))).toEqual({})
    expect(errorsOf(withMember({ birth: '31/02/2024' }, 2))).toEqual({ 'members.2.birthDate': t('households.err.birth') })
    expect(errorsOf(withMember({ birth: '15/9' }, 2))).toEqual({ 'members.2.birthDate': t('households.err.birth') })
    expect(errorsOf(withMember({ birth: '1/9/15' }, 2))).toEqual({ 'members.2.birthDate': t('households.err.birth') })
    expect(errorsOf(withMember({ birth: '15/06/2026' }, 2))).toEqual({})
    expect(errorsOf(withMember({ birth: '16/06/2026' }, 2))).toEqual({ 'members.2.birthDate': t('households.err.birthFuture') })
    expect(errorsOf(withMember({ birth: '2026' }, 2))).toEqual({})
    expect(errorsOf(withMember({ birth: '2027' }, 2))).toEqual({ 'members.2.birthDate': t('households.err.birthFuture') })
  })

  it('exactly one head', () => {
    expect(errorsOf(withMember({ relationship: 'child' }, 0))).toEqual({ members: t('households.err.noHead') })
    expect(errorsOf(withMember({ relationship: 'head' }, 1))).toEqual({ members: t('households.err.manyHeads', { count: 2 }) })
  })

  it('citizen IDs: 12 digits or an old 9-digit card, not twice in one household', () => {
    expect(errorsOf(withMember({ citizenId: '012345678' }, 1))).toEqual({})
    expect(errorsOf(withMember({ citizenId: '0010850123' }, 1))).toEqual({ 'members.1.citizenId': t('households.err.citizenId') })
    expect(errorsOf(withMember({ citizenId: '001085012345' }, 2))).toEqual({
      'members.2.citizenId': t('households.err.citizenIdTwice', { n: 1 }),
    })
  })

  it('the review year, the income and the area', () => {
    const d = hoangFamily()
    for (const year of ['1999', '2101', '2024,5', 'năm nay'])
      expect(errorsOf({ ...d, year }), year).toEqual({ 'assessment.year': t('households.err.year') })
    for (const income of ['', '1,45 triệu', '-1.450.000', '1.45', '1e308'])
      expect(errorsOf({ ...d, income }), income).toEqual({ 'assessment.incomePerPersonMonth': t('error.income') })
    for (const housingArea of ['-20', 'hai mươi', '1e308', 'Infinity'])
      expect(errorsOf({ ...d, housingArea }), housingArea).toEqual({ 'assessment.housingAreaM2': t('error.area') })
  })

  it('says what main would say, in the same words, at the same path', () => {
    // Faults toInput passes through unchanged, so main's schema sees them too.
    const faults: Draft[] = [
      withMember({ fullName: '   ' }, 1),
      withMember({ citizenId: '12345' }, 0),
      { ...hoangFamily(), unitId: '' },
      { ...hoangFamily(), year: '1999' },
    ]
    for (const d of faults) {
      const mine = validateDraft(d, TODAY)
      const main = HouseholdInputSchema.safeParse(toInput(d)).error?.issues[0]
      expect(main, JSON.stringify(mine)).toBeDefined()
      expect(mine).toEqual({ [main!.path.join('.')]: main!.message })
    }
  })

  it('whatever it accepts, main accepts too (dates with a year before 1000 included)', () => {
    for (const birth of ['01/01/0100', '15/06/0099', '1/1/1990', '1900']) {
      const d = withMember({ birth }, 2)
      expect(validateDraft(d, TODAY), birth).toEqual({})
      expect(HouseholdInputSchema.safeParse(toInput(d)).success, birth).toBe(true)
    }
  })

  it('every path it reports is one the form shows by a field, so main’s errors on the same paths land there too', () => {
    const bad: Draft = {
      ...emptyDraft(2026),
      year: '1999',
      income: 'x',
      housingArea: 'x',
      members: [member({ relationship: 'spouse', birth: '31/02/2024', citizenId: '1' }), member({ citizenId: '1' })],
    }
    const paths = Object.keys(validateDraft(bad, TODAY))
    expect(paths.length).toBeGreaterThan(8)
    expect(paths.filter((p) => !isShownField(p))).toEqual([])
    // Paths with no field in the form go to the form's message instead.
    for (const p of ['id', 'household.notes', 'assessment.indicators.0.no', 'members.0', 'household'])
      expect(isShownField(p), p).toBe(false)
  })
})

describe('an existing household, opened and saved again', () => {
  const detail: HouseholdDetail = {
    id: '0d9c2a4e-8b1f-4e7a-9c3d-2f1e0a9b8c7d',
    officeId: 'o1',
    code: 'DT-017',
    unitId: UNIT,
    unitName: 'Thôn Đồng Tâm',
    areaType: 'rural',
    address: 'Thôn Đồng Tâm',
    ethnicity: 'Tày',
    phone: '0912 345 678',
    specialGroups: ['ethnic_minority'],
    povertyCauses: ['capital', 'skills'],
    notes: 'Vay vốn NHCSXH 2023',
    memberCount: 2,
    createdAt: '2024-03-01T02:00:00.000Z',
    updatedAt: '2025-03-01T02:00:00.000Z',
    members: [
      m('7a1f0c2e-1111-4a2b-8c3d-000000000001', 'Lý Văn Cường', 'head', '1979-11-05'),
      m('7a1f0c2e-1111-4a2b-8c3d-000000000002', 'Triệu Thị Mai', 'spouse', '1982'),
    ],
    assessments: [assessment(2025, 2_100_000, 32), assessment(2024, 1_250_000, 18.5)],
    support: [],
  }

  it('shows dates as dd/mm/yyyy (a year alone stays a year) and money with dots', () => {
    const d = draftFrom(detail, 2024)
    expect(d.members.map((x) => [x.fullName, x.birth, x.relationship])).toEqual([
      ['Lý Văn Cường', '05/11/1979', 'head'],
      ['Triệu Thị Mai', '1982', 'spouse'],
    ])
    expect([d.year, d.income, d.housingArea]).toEqual(['2024', '1.250.000', '18,5'])
  })

  it('a year with no assessment opens the newest one', () => {
    const d = draftFrom(detail, 2026)
    expect([d.year, d.income, d.housingArea]).toEqual(['2025', '2.100.000', '32'])
  })

  it('saving without changes sends back what was stored: ids, dates, amounts, and which indicators were overridden', () => {
    const d = draftFrom(detail, 2024)
    expect(validateDraft(d, TODAY)).toEqual({})
    const input = HouseholdInputSchema.parse(toInput(d))
    expect(input.id).toBe(detail.id)
    expect(input.members.map((x) => [x.id, x.birthDate])).toEqual(detail.members.map((x) => [x.id, x.birthDate]))
    expect(input.household).toMatchObject({ code: 'DT-017', phone: '0912 345 678', notes: 'Vay vốn NHCSXH 2023' })
    expect(input.household.povertyCauses).toEqual(['capital', 'skills'])
    expect(input.assessment).toMatchObject({ year: 2024, incomePerPersonMonth: 1_250_000, housingAreaM2: 18.5 })
    expect(input.assessment!.indicators.map((i) => [i.no, i.deprived, i.source])).toEqual([
      [4, false, 'override'],
      [9, true, 'entered'],
    ])
  })

  function m(id: string, fullName: string, relationship: 'head' | 'spouse', birthDate: string): HouseholdDetail['members'][number] {
    const sex = relationship === 'head' ? 'male' : 'female'
    return {
      id,
      fullName,
      sex,
      birthDate,
      citizenId: '',
      relationship,
      ethnicity: 'Dao',
      healthInsurance: true,
      schooling: 'not_applicable',
      working: 'other',
    }
  }
  function assessment(year: number, income: number, area: number): HouseholdDetail['assessments'][number] {
    return {
      id: `a${year}`,
      year,
      standardId: 'mdp-2022-2025',
      areaType: 'rural',
      incomePerPersonMonth: income,
      housingAreaM2: area,
      indicators: [
        { no: 4, deprived: false, value: '0/2 người từ 6 tuổi không có BHYT', source: 'override' },
        { no: 9, deprived: true, value: '', source: 'entered' },
      ],
      deprivedCount: 1,
      incomeScore: null,
      deprivationScore: 10,
      classification: 'near_poor',
      reasons: [],
    }
  }
})

describe('members', () => {
  it('the first member added is the head, the next ones start as children, each with its own key', () => {
    const one = addMember([])
    const three = addMember(addMember(one))
    expect(three.map((x) => x.relationship)).toEqual(['head', 'child', 'child'])
    expect(new Set(three.map((x) => x.key)).size).toBe(3)
    expect(three[0]).toBe(one[0])
  })

  it('removing one keeps the others (and their keys, so their fields keep what was typed); the last one stays', () => {
    const d = hoangFamily()
    const left = removeMember(d.members, 1)
    expect(left.map((x) => x.fullName)).toEqual([' Hoàng Văn An ', 'Hoàng Văn Bình'])
    expect(left.map((x) => x.key)).toEqual([d.members[0]!.key, d.members[2]!.key])
    const head = [d.members[0]!]
    expect(removeMember(head, 0)).toEqual(head)
    expect(d.members).toHaveLength(3)
  })

  it('members whose birth is not typed yet are left out of the live derivation, not counted as newborns', () => {
    const d = hoangFamily()
    const full = liveClassify(BUILTIN_STANDARDS, d, null)
    const typing = liveClassify(
      BUILTIN_STANDARDS,
      { ...d, members: d.members.map((x, i) => (i === 2 ? { ...x, birth: '1/9/20' } : x)) },
      null,
    )
    // Dependants (no. 2): the child counts while his birth is valid, and is left out (not counted as under 15) while it is being typed.
    expect(full.indicators.find((i) => i.no === 2)?.value).toBe('1/3 người phụ thuộc')
    expect(typing.indicators.find((i) => i.no === 2)?.value).toBe('0/2 người phụ thuộc')
  })
})

describe('indicators the standard derives, and the clerk overrides', () => {
  // Nông Thị Lan has no health insurance: indicator 4 (Bảo hiểm y tế) is derived as deprived.
  const family = (): Draft => {
    const d = hoangFamily()
    return { ...d, members: d.members.map((x, i) => (i === 1 ? { ...x, healthInsurance: false } : x)) }
  }

  it('derived from members while the form is typed, as main will derive them', () => {
    const live = liveClassify(BUILTIN_STANDARDS, family(), null)
    expect(live.standard?.id).toBe(s2022.id)
    expect(live.indicators.find((i) => i.no === 4)).toMatchObject({ deprived: true, source: 'derived' })
    // 20,5 m² for 3 people is 6,8 m² each, under the 8 m² of indicator 8.
    expect(live.indicators.find((i) => i.no === 8)).toMatchObject({ deprived: true, source: 'derived' })
  })

  it('ticking "Ghi đè" alone keeps the derived value, so the class does not change until the tick does', () => {
    const d = family()
    const before = liveClassify(BUILTIN_STANDARDS, d, null)
    const overridden = { ...d, indicators: setIndicator(d.indicators, before.indicators, 4, { override: true }) }
    expect(overridden.indicators[4]).toEqual({ deprived: true, override: true })
    const same = liveClassify(BUILTIN_STANDARDS, overridden, null)
    expect(same.indicators.find((i) => i.no === 4)).toMatchObject({ deprived: true, source: 'override' })
    expect(same.result?.class).toBe(before.result?.class)

    const cleared = { ...d, indicators: setIndicator(overridden.indicators, same.indicators, 4, { deprived: false }) }
    const after = liveClassify(BUILTIN_STANDARDS, cleared, null)
    expect(after.indicators.find((i) => i.no === 4)).toMatchObject({ deprived: false, source: 'override' })
    expect(after.result!.deprived).toEqual(before.result!.deprived.filter((n) => n !== 4))
    expect(toInput(cleared).assessment?.indicators).toEqual([{ no: 4, deprived: false, value: '', source: 'override' }])
  })

  it('an indicator ticked by hand is entered, and an untouched one starts unticked', () => {
    const d = family()
    const live = liveClassify(BUILTIN_STANDARDS, d, null)
    const ticked = setIndicator(d.indicators, live.indicators, 9, { deprived: true })
    expect(ticked).toEqual({ 9: { deprived: true, override: false } })
    expect(toInput({ ...d, indicators: ticked }).assessment?.indicators).toEqual([{ no: 9, deprived: true, value: '', source: 'entered' }])
    expect(setIndicator({}, [], 3, {})).toEqual({ 3: { deprived: false, override: false } })
  })

  it('no class while the income cannot be read, and no standard for a year outside every period', () => {
    expect(liveClassify(BUILTIN_STANDARDS, { ...family(), income: '1.45' }, null).result).toBeNull()
    expect(liveClassify(BUILTIN_STANDARDS, { ...family(), year: '2001' }, null)).toEqual({ standard: null, indicators: [], result: null })
  })
})
