import type { Generated } from 'kysely'

/** Row types of the reviews domain's tables (migrations 0006_reviews, 0011_review_standards). */
export interface ReviewCycleTable {
  id: string
  office_id: string
  year: number
  standard_id: string
  opened_on: string
  state: 'open' | 'approved'
  decision_number: string | null
  decision_date: string | null
  created_at: string
  updated_at: string
  /** Why the review was moved to its current standard (migration 0011); null when opened under it. */
  standard_reason: string | null
}

export interface ReviewMeetingTable {
  id: string
  year: number
  unit_id: string
  held_on: string
  chair: string
  secretary: string
  attendees: number
  /** string[] as JSON. */
  attendee_names_json: string
  created_at: string
}

export interface ReviewCaseTable {
  id: string
  year: number
  household_id: string
  origin: 'register' | 'applicant' | 'ongoing'
  stage: 'listed' | 'surveyed' | 'redo' | 'met' | 'posted' | 'approved'
  locked: number
  applied_on: string | null
  due_on: string | null
  reason: string
  /** Screening (form A) as JSON. */
  screening_json: string | null
  meeting_id: string | null
  agree_percent: number | null
  posted_on: string | null
  decision_number: string | null
  decision_date: string | null
  created_at: string
  updated_at: string
  /** Why the household is on the list (migration 0011); null for lists made before it. */
  list_basis: 'poor' | 'near_poor' | 'application' | 'added' | null
  /** Form 01: who applied. */
  applicant_name: string | null
}

export interface ReviewVoteTable {
  meeting_id: string
  case_id: string
  agree_percent: number
}

export interface ReviewResultTable {
  seq: Generated<number>
  household_id: string
  case_id: string
  year: number
  effective_on: string
  classification: string
  member_count: number
  decision_number: string
  created_at: string
}

export interface ReviewTargetTable {
  id: string
  commune_id: string | null
  kind: 'rate_drop' | 'count_reduction'
  measure: 'poor' | 'multidimensional'
  value: number
  base_year: number | null
  from_year: number
  to_year: number
  plan_id: string | null
  note: string
  created_at: string
  updated_at: string
}

export interface ReviewTables {
  review_cycles: ReviewCycleTable
  review_meetings: ReviewMeetingTable
  review_cases: ReviewCaseTable
  review_votes: ReviewVoteTable
  review_results: ReviewResultTable
  review_targets: ReviewTargetTable
}
