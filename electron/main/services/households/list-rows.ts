import { sql } from 'kysely'
import type { HouseholdRow } from '@shared/domain/household-views'
import type { ServiceContext } from '../context'

/** The table's implicit rowid, which Kysely's schema types do not list. */
export const ROWID = sql<number>`"households"."rowid"`

/**
 * The display columns of one page's households, in the page's order. The class shown is the
 * filtered year's, or the latest year's when no year is chosen.
 */
export async function loadRows(ctx: ServiceContext, rowids: readonly number[], year: number | null): Promise<HouseholdRow[]> {
  if (!rowids.length) return []
  const rows = await ctx.store.db
    .selectFrom('households')
    .leftJoin('admin_units as u', 'u.id', 'households.unit_id')
    .leftJoin('household_assessments as a', (j) =>
      year !== null
        ? j.onRef('a.household_id', '=', 'households.id').on('a.year', '=', year)
        : j.onRef('a.household_id', '=', 'households.id').onRef('a.year', '=', 'households.latest_year'),
    )
    .select([
      ROWID.as('rowid'),
      'households.id',
      'households.code',
      'households.head_name',
      'u.name as unit_name',
      'households.area_type',
      'households.member_count',
      'a.year',
      'a.classification',
      'a.income_per_person_month',
    ])
    .where(ROWID, 'in', [...rowids])
    .execute()
  const byRowid = new Map(rows.map((r) => [Number(r.rowid), r]))
  return rowids.flatMap((rowid) => {
    const r = byRowid.get(rowid)
    if (!r) return []
    return [
      {
        id: r.id,
        code: r.code,
        headName: r.head_name,
        unitName: r.unit_name ?? '',
        areaType: r.area_type,
        memberCount: r.member_count,
        year: r.year ?? null,
        classification: r.classification ?? null,
        incomePerPersonMonth: r.income_per_person_month ?? null,
      },
    ]
  })
}
