import { sql, type RawBuilder } from 'kysely'
import type { Classification } from '@shared/domain/households'
import type { ServiceContext } from '../context'
import type { Grouping } from './grouping'

/**
 * The SQL pieces that give each household its office: at the province, from the packages' row
 * origins; at an office, nothing to join (every household is its own).
 */
export function officeOf(g: Grouping): { column: RawBuilder<string | null>; join: RawBuilder<unknown> } {
  return g.byOffice
    ? {
        column: sql<string | null>`o.office_code`,
        join: sql`left join package_row_origin o on o.table_name = 'households' and o.row_id = h.id`,
      }
    : { column: sql<null>`null`, join: sql`` }
}

export interface ClassCount {
  key: string
  classification: Classification
  areaType: 'rural' | 'urban'
  households: number
  persons: number
}

/**
 * Households and persons of one review year by row, class and area: one GROUP BY over the year's
 * assessments (indexed by year and class), then each unit mapped to its row.
 */
export async function classCounts(ctx: ServiceContext, year: number, g: Grouping): Promise<ClassCount[]> {
  const office = officeOf(g)
  const { rows } = await sql<{
    unit_id: string
    office: string | null
    classification: Classification
    area_type: 'rural' | 'urban'
    hh: number
    persons: number
  }>`
    select h.unit_id, ${office.column} as office, a.classification, a.area_type, count(*) as hh, sum(h.member_count) as persons
    from household_assessments a
    join households h on h.id = a.household_id
    ${office.join}
    where a.year = ${year}
    group by h.unit_id, office, a.classification, a.area_type`.execute(ctx.store.db)
  const out: ClassCount[] = []
  for (const r of rows) {
    const key = g.keyOf(r.unit_id, r.office)
    if (key === undefined) continue // a unit outside the chosen commune
    out.push({ key, classification: r.classification, areaType: r.area_type, households: Number(r.hh), persons: Number(r.persons ?? 0) })
  }
  return out
}
