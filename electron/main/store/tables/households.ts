/** Row types of the households domain's tables (migration 0002_households; `households` itself is in schema.ts). */
export interface HouseholdMemberTable {
  id: string
  household_id: string
  position: number
  full_name: string
  full_name_folded: string
  sex: 'male' | 'female'
  /** ISO date, or the year alone when only the birth year is known. */
  birth_date: string
  citizen_id: string
  relationship: string
  ethnicity: string
  health_insurance: number
  schooling: string
  working: string
}

export interface HouseholdAssessmentTable {
  id: string
  household_id: string
  year: number
  standard_id: string
  area_type: 'rural' | 'urban'
  income_per_person_month: number
  housing_area_m2: number | null
  /** IndicatorValue[] as JSON. */
  indicators_json: string
  deprived_count: number
  /** The B1 score entered from paper form B1 (never computed; migration 0011 cleared the computed ones). */
  income_score: number | null
  deprivation_score: number
  classification: 'poor' | 'near_poor' | 'newly_escaped' | 'average' | 'none'
  reasons_json: string
  created_at: string
  updated_at: string
}

export interface HouseholdSupportTable {
  id: string
  household_id: string
  policy: string
  project: number | null
  date: string
  amount: number
  note: string
  created_at: string
}

/** Every word start of every name, citizen ID and code, for prefix-range search (migration 0009). */
export interface HouseholdSearchTermTable {
  term: string
  /** households.search_rowid */
  household_key: number
  /** households.head_name_sort, so a search sorts its matches from the index alone. */
  sort_key: string
}

/** A possible-duplicate group the clerk found to be different families (migration 0010). */
export interface HouseholdDuplicateDismissalTable {
  id: string
  reason: 'citizen_id' | 'name_birth'
  match_key: string
  /** Sorted household ids joined by commas: the dismissal holds for exactly this set. */
  household_ids: string
  note: string
  actor: string
  at: string
}

export interface HouseholdTables {
  household_members: HouseholdMemberTable
  household_assessments: HouseholdAssessmentTable
  household_support: HouseholdSupportTable
  household_search_terms: HouseholdSearchTermTable
  household_duplicate_dismissals: HouseholdDuplicateDismissalTable
}
