import { sql, type RawBuilder } from 'kysely'
import type { PeriodPoint } from '@shared/domain/reviews'

/**
 * The movements of one period as SQL, in one statement over the whole register (500,000 households
 * in well under a second: tests/bench/review-movements.bench.ts).
 *
 * `ph` holds one row per household that is poor or near-poor at the start or at the end: its class
 * at the start (s), at the end (e), and whether it was poor / near-poor at any earlier point
 * (ever_poor / ever_near). `cells` puts each such household, for each group, in exactly one cell:
 * 'stay' (counted at start and end), 'left' with one reason (start only) or 'entered' with one
 * reason (end only). So start + entered − left = end holds for every row by construction, and the
 * property test (tests/unit/review-movements.test.ts) checks it over generated registers anyway.
 */
export function householdStates(from: PeriodPoint, to: PeriodPoint): RawBuilder<unknown> {
  if ('year' in from && 'year' in to) {
    // Review years: the class is that year's assessment; a household without one was not in the register.
    return sql`ph as (
      select household_id,
        max(case when year = ${from.year} then classification end) as s,
        max(case when year = ${to.year} then classification end) as e,
        max(year < ${to.year} and classification = 'poor') as ever_poor,
        max(year < ${to.year} and classification = 'near_poor') as ever_near
      from household_assessments
      where year <= ${to.year}
      group by household_id
      having s in ('poor', 'near_poor') or e in ('poor', 'near_poor')
    )`
  }
  const d1 = 'date' in from ? from.date : `${from.year}-12-31`
  const d2 = 'date' in to ? to.date : `${to.year}-12-31`
  // Dates: the class recognised by the latest decision on or before each date (review_results).
  return sql`r as (
      select household_id, classification, effective_on,
        row_number() over (partition by household_id order by effective_on desc, seq desc) as rn_end,
        row_number() over (partition by household_id order by effective_on <= ${d1} desc, effective_on desc, seq desc) as rn_start
      from review_results
      where effective_on <= ${d2}
    ),
    ph as (
      select household_id,
        max(case when rn_start = 1 and effective_on <= ${d1} then classification end) as s,
        max(case when rn_end = 1 then classification end) as e,
        max(rn_end > 1 and classification = 'poor') as ever_poor,
        max(rn_end > 1 and classification = 'near_poor') as ever_near
      from r
      group by household_id
      having s in ('poor', 'near_poor') or e in ('poor', 'near_poor')
    )`
}

/** Above the near-poor line: every class that is neither poor nor near-poor. */
const ABOVE = sql`('newly_escaped', 'average', 'none')`

/** Each (household, group) in one cell with one reason; see the file comment. */
export function cellsCte(states: RawBuilder<unknown>, communeId: string | null, rowOf?: ReadonlyMap<string, string>): RawBuilder<unknown> {
  // `up` maps a unit to its row: its commune (walking up the tree), or the row a report's grouping
  // gives it (reports/grouping.ts: a village at a commune office), passed in as JSON.
  const up = rowOf
    ? sql`with up(id, commune_id) as (select key, value from json_each(${JSON.stringify(Object.fromEntries(rowOf))}))`
    : sql`with recursive up(id, commune_id) as (
      select id, id from admin_units where kind = 'commune'
      union all
      select u.id, up.commune_id from admin_units u join up on u.parent_id = up.id where u.kind <> 'commune'
    )`
  const scope = communeId === null ? sql`1` : rowOf ? sql`up.commune_id is not null` : sql`up.commune_id = ${communeId}`
  return sql`${up},
    ${states},
    cells as (
      select ph.household_id, up.commune_id, h.member_count as persons, g.grp, ph.s, ph.e,
        case
          when ph.s = g.grp and ph.e = g.grp then 'stay'
          when ph.s = g.grp then 'left'
          when ph.e = g.grp then 'entered'
        end as cell,
        case
          when g.grp = 'poor' and ph.s = 'poor' and ph.e is not 'poor' then
            case when ph.e = 'near_poor' then 'to_near_poor' when ph.e in ${ABOVE} then 'above_line' else 'other' end
          when g.grp = 'poor' and ph.e = 'poor' and ph.s is not 'poor' then
            case when ph.s = 'near_poor' then 'from_near_poor' when ph.ever_poor then 'fell_back'
                 when not ph.ever_near then 'new' else 'other' end
          when g.grp = 'near_poor' and ph.s = 'near_poor' and ph.e is not 'near_poor' then
            case when ph.e = 'poor' then 'to_poor' when ph.e in ${ABOVE} then 'above_line' else 'other' end
          when g.grp = 'near_poor' and ph.e = 'near_poor' and ph.s is not 'near_poor' then
            case when ph.s = 'poor' then 'from_poor' when ph.ever_near then 'fell_back'
                 when not ph.ever_poor then 'new' else 'other' end
        end as reason
      from ph
      join households h on h.id = ph.household_id
      left join up on up.id = h.unit_id
      cross join (select 'poor' as grp union all select 'near_poor') g
      where ${scope}
    )`
}

export interface CellCount {
  commune_id: string | null
  grp: 'poor' | 'near_poor'
  cell: 'stay' | 'left' | 'entered'
  reason: string | null
  households: number
  persons: number
}

export function countCells(
  from: PeriodPoint,
  to: PeriodPoint,
  communeId: string | null,
  rowOf?: ReadonlyMap<string, string>,
): RawBuilder<CellCount> {
  return sql<CellCount>`${cellsCte(householdStates(from, to), communeId, rowOf)}
    select commune_id, grp, cell, reason, count(*) as households, coalesce(sum(persons), 0) as persons
    from cells where cell is not null
    group by commune_id, grp, cell, reason`
}
