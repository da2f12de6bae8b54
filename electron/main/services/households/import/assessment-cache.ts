import { randomUUID } from 'node:crypto'
import type { Classification, Livelihood } from '@shared/domain/households'
import type { HouseholdAssessmentTable } from '../../../store/tables/households'
import { buildAssessment } from '../assess'
import type { ParsedRow } from './parse-row'
import type { WritePlan } from './write'

type Computed = Omit<HouseholdAssessmentTable, 'id' | 'household_id' | 'created_at' | 'updated_at'>

/** Past this many distinct combinations the cache starts afresh, so a list with all-different incomes cannot grow it without bound. */
const MAX_ENTRIES = 20_000

/**
 * The assessment of an imported row. Imported lists name the deprived indicators directly (nothing
 * is derived from members), so the row depends only on (area, income, deprivations, last year's
 * class): the classification is pure, and a list of 100,000 rows repeats those combinations often.
 * Each one is classified and turned into JSON once; the profile of the import showed this work,
 * repeated per row, as one of its larger costs.
 */
export function assessmentCache(plan: WritePlan) {
  const cache = new Map<string, Computed>()
  return (
    r: ParsedRow,
    householdId: string,
    previous: Classification | null,
    existingId?: string,
    // The row's livelihood, else (an update) the one the register holds.
    livelihood: Livelihood | null = r.livelihood,
  ): HouseholdAssessmentTable => {
    const key = `${r.areaType}|${r.income}|${previous ?? ''}|${livelihood ?? ''}|${r.deprived.join(',')}`
    let computed = cache.get(key)
    if (!computed) {
      const { row } = buildAssessment({
        householdId,
        standard: plan.standard,
        areaType: r.areaType,
        members: [],
        memberCount: 1,
        previous,
        livelihood,
        at: plan.at,
        deriveFromMembers: false,
        input: {
          year: plan.year,
          incomePerPersonMonth: r.income,
          housingAreaM2: null,
          indicators: r.deprived.map((no) => ({ no, deprived: true, value: '', source: 'entered' as const })),
        },
      })
      const { id: _id, household_id: _h, created_at: _c, updated_at: _u, ...rest } = row
      computed = rest
      if (cache.size >= MAX_ENTRIES) cache.clear()
      cache.set(key, computed)
    }
    return { ...computed, id: existingId ?? randomUUID(), household_id: householdId, created_at: plan.at, updated_at: plan.at }
  }
}
export type AssessmentFor = ReturnType<typeof assessmentCache>
