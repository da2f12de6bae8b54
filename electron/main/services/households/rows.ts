import type { Selectable } from 'kysely'
import type { Member } from '@shared/domain/households'
import type { Assessment } from '@shared/domain/household-views'
import type { HouseholdAssessmentTable, HouseholdMemberTable } from '../../store/tables/households'

// Mapping from the register's rows to its domain shapes (rows are written by store/households.ts).

export function toMember(r: Selectable<HouseholdMemberTable>): Member {
  return {
    id: r.id,
    fullName: r.full_name,
    sex: r.sex,
    birthDate: r.birth_date,
    citizenId: r.citizen_id,
    relationship: r.relationship as Member['relationship'],
    ethnicity: r.ethnicity,
    healthInsurance: r.health_insurance === 1,
    schooling: r.schooling as Member['schooling'],
    working: r.working as Member['working'],
  }
}

export function toAssessment(r: Selectable<HouseholdAssessmentTable>): Assessment {
  return {
    id: r.id,
    year: r.year,
    standardId: r.standard_id,
    areaType: r.area_type,
    incomePerPersonMonth: r.income_per_person_month,
    housingAreaM2: r.housing_area_m2,
    indicators: JSON.parse(r.indicators_json) as Assessment['indicators'],
    deprivedCount: r.deprived_count,
    incomeScore: r.income_score,
    deprivationScore: r.deprivation_score,
    classification: r.classification,
    reasons: JSON.parse(r.reasons_json) as string[],
  }
}

export const CODE_PREFIX = 'HGD-'

/** The office's next automatic household code, HGD-000001 onwards (zero-padded so text order is number order). */
export function formatCode(n: number): string {
  return `${CODE_PREFIX}${String(n).padStart(6, '0')}`
}

export function codeNumber(code: string | undefined): number {
  const m = code ? /^HGD-(\d+)$/.exec(code) : null
  return m ? Number(m[1]) : 0
}
