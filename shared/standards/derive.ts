import type { IndicatorValue, Member } from '../domain/households'
import type { DeriveRule, PovertyStandard } from './schema'

type MemberFacts = Pick<Member, 'birthDate' | 'healthInsurance' | 'schooling' | 'working'>

export interface DeriveInput {
  year: number
  members: readonly MemberFacts[]
  /** Declared household size when the member list is incomplete (imported lists give only the head). */
  memberCount?: number | null
  housingAreaM2: number | null
}

/** Age in whole years at the review year: commune lists often give only the birth year. */
export function ageInYear(birthDate: string, year: number): number {
  return year - Number(birthDate.slice(0, 4))
}

/**
 * Works out the indicators that members' data decides (health insurance, schooling, dependants,
 * employment, living area). Returns only the indicators it could decide; the rest stay with the
 * clerk. Each result says what was counted, so the form can show why.
 */
export function deriveIndicators(standard: PovertyStandard, input: DeriveInput): IndicatorValue[] {
  const out: IndicatorValue[] = []
  for (const ind of standard.indicators) {
    if (!ind.derive) continue
    const r = deriveOne(ind.derive, input)
    if (r) out.push({ no: ind.no, deprived: r.deprived, value: r.value, source: 'derived' })
  }
  return out
}

function deriveOne(rule: DeriveRule, input: DeriveInput): { deprived: boolean; value: string } | null {
  const ages = input.members.map((m) => ageInYear(m.birthDate, input.year))
  const n = input.members.length
  if (n === 0) return null
  switch (rule.from) {
    case 'health_insurance': {
      const concerned = input.members.filter((_, i) => ages[i]! >= rule.minAge)
      const without = concerned.filter((m) => !m.healthInsurance).length
      return { deprived: without > 0, value: `${without}/${concerned.length} người từ ${rule.minAge} tuổi không có BHYT` }
    }
    case 'school_attendance': {
      const kids = input.members.filter((_, i) => ages[i]! >= rule.minAge && ages[i]! < rule.maxAgeExclusive)
      const out = kids.filter((m) => m.schooling === 'not_attending').length
      return {
        deprived: out > 0,
        value: `${out}/${kids.length} trẻ ${rule.minAge}–dưới ${rule.maxAgeExclusive} tuổi không đi học đúng bậc`,
      }
    }
    case 'adult_education': {
      const young = input.members.filter((_, i) => ages[i]! >= rule.minAge && ages[i]! <= rule.maxAge)
      const untrained = young.filter((m) => m.schooling === 'untrained').length
      return {
        deprived: untrained > 0,
        value: `${untrained}/${young.length} người ${rule.minAge}–${rule.maxAge} tuổi chưa được đào tạo phù hợp`,
      }
    }
    case 'employment': {
      const working = input.members.filter((_, i) => ages[i]! >= rule.minAge && ages[i]! <= rule.maxAge)
      const lacking = working.filter((m) => m.working === 'unemployed' || m.working === 'no_contract').length
      return { deprived: lacking > 0, value: `${lacking}/${working.length} người trong tuổi lao động thất nghiệp hoặc không có hợp đồng` }
    }
    case 'dependants': {
      // Dependants: children under 15, people of 60 and over, and those who cannot work or study full time.
      const dependants = input.members.filter(
        (m, i) => ages[i]! < 15 || ages[i]! >= 60 || m.working === 'unable' || m.working === 'student' || m.working === 'child',
      ).length
      return { deprived: dependants / n > rule.maxShare, value: `${dependants}/${n} người phụ thuộc` }
    }
    case 'living_area': {
      if (input.housingAreaM2 === null) return null
      const people = Math.max(n, input.memberCount ?? 0)
      const perPerson = input.housingAreaM2 / people
      return {
        deprived: perPerson < rule.minM2PerPerson,
        value: `${perPerson.toFixed(1).replace('.', ',')} m²/người (${input.housingAreaM2} m², ${people} người)`,
      }
    }
  }
}

/**
 * The year's indicators as stored: derived values unless the clerk overrode them, entered values
 * for the rest. An entered value for a derivable indicator counts as an override (and is audited
 * with the save).
 */
export function mergeIndicators(
  standard: PovertyStandard,
  entered: readonly IndicatorValue[],
  derived: readonly IndicatorValue[],
): IndicatorValue[] {
  return standard.indicators.map((ind) => {
    const e = entered.find((x) => x.no === ind.no)
    const d = derived.find((x) => x.no === ind.no)
    if (e && e.source === 'override') return { ...e, value: e.value || d?.value || '' }
    if (d) return d
    return { no: ind.no, deprived: e?.deprived ?? false, value: e?.value ?? '', source: 'entered' as const }
  })
}
