import { randomUUID } from 'node:crypto'
import type { AssessmentInputSchema, Classification, Livelihood, Member } from '@shared/domain/households'
import { classify, type ClassifyResult } from '@shared/standards/classify'
import { deriveIndicators, mergeIndicators } from '@shared/standards/derive'
import type { PovertyStandard } from '@shared/standards/schema'
import type { z } from 'zod'
import type { HouseholdAssessmentTable } from '../../store/tables/households'

type AssessmentValue = z.output<typeof AssessmentInputSchema>

/**
 * One year's assessment row: indicators derived from the members where the standard says how,
 * the clerk's entries and overrides for the rest, then the pure classification.
 */
export function buildAssessment(args: {
  householdId: string
  standard: PovertyStandard
  areaType: 'rural' | 'urban'
  input: AssessmentValue
  members: readonly Member[]
  memberCount: number
  previous: Classification | null
  /** The household's main livelihood (who can be "average"). */
  livelihood: Livelihood | null
  /** The B1 score entered from form B1 in the review's survey; never computed. */
  b1Score?: number | null
  existingId?: string | undefined
  at: string
  /** Imported lists name the deprived indicators directly: take them as entered, derive nothing. */
  deriveFromMembers?: boolean
}): { row: HouseholdAssessmentTable; result: ClassifyResult } {
  const { standard, input } = args
  const derived =
    args.deriveFromMembers === false
      ? []
      : deriveIndicators(standard, {
          year: input.year,
          members: args.members,
          memberCount: args.memberCount,
          housingAreaM2: input.housingAreaM2,
        })
  const indicators = mergeIndicators(standard, input.indicators, derived)
  const result = classify(standard, {
    areaType: args.areaType,
    incomePerPersonMonth: input.incomePerPersonMonth,
    deprived: indicators.filter((i) => i.deprived).map((i) => i.no),
    previous: args.previous,
    livelihood: args.livelihood,
    b1Score: args.b1Score ?? null,
  })
  return {
    result,
    row: {
      id: args.existingId ?? randomUUID(),
      household_id: args.householdId,
      year: input.year,
      standard_id: standard.id,
      area_type: args.areaType,
      income_per_person_month: input.incomePerPersonMonth,
      housing_area_m2: input.housingAreaM2,
      indicators_json: JSON.stringify(indicators),
      deprived_count: result.scores.deprivationCount,
      income_score: result.scores.b1,
      deprivation_score: result.scores.deprivation,
      classification: result.class,
      reasons_json: JSON.stringify(result.reasons),
      created_at: args.at,
      updated_at: args.at,
    },
  }
}
