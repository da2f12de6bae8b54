import type { OfficeCount } from '@shared/domain/packages'
import type { ServiceContext } from '../context'

/**
 * PROVISIONAL consolidated summary: households per office and per unit, from the rows each office's
 * packages brought in. The report catalogue (reports issue) replaces this with the real consolidated
 * reports and their office breakdown; the package tests use it to see office A's numbers.
 */
export async function provisionalOfficeCounts(ctx: ServiceContext): Promise<OfficeCount[]> {
  const rows = await ctx.store.db
    .selectFrom('package_row_origin as o')
    .innerJoin('households as h', 'h.id', 'o.row_id')
    .innerJoin('admin_units as u', 'u.id', 'h.unit_id')
    .where('o.table_name', '=', 'households')
    .select((eb) => ['o.office_code as officeCode', 'u.id as unitId', 'u.name as unitName', eb.fn.countAll<number>().as('households')])
    .groupBy(['o.office_code', 'u.id', 'u.name'])
    .orderBy('o.office_code')
    .orderBy('u.name')
    .execute()
  const names = new Map(
    (
      await ctx.store.db
        .selectFrom('packages_received')
        .select(['office_code', 'office_name'])
        .where('status', '!=', 'rejected')
        .orderBy('sequence')
        .execute()
    ).map((r) => [r.office_code, r.office_name]),
  )
  // Every office with a package in, even one with no household yet.
  const byOffice = new Map<string, OfficeCount>(
    [...names]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, name]) => [code, { officeCode: code, officeName: name, households: 0, byUnit: [] }]),
  )
  for (const r of rows) {
    const o = byOffice.get(r.officeCode) ?? {
      officeCode: r.officeCode,
      officeName: names.get(r.officeCode) ?? '',
      households: 0,
      byUnit: [],
    }
    o.households += Number(r.households)
    o.byUnit.push({ unitId: r.unitId, unitName: r.unitName, households: Number(r.households) })
    byOffice.set(r.officeCode, o)
  }
  return [...byOffice.values()]
}

/** Where a citizen ID is stored: (table, id column, household column). */
export const CITIZEN_ID_SOURCES: readonly { table: string; column: string; householdColumn: string }[] = [
  { table: 'household_members', column: 'citizen_id', householdColumn: 'household_id' },
]

/** Citizen IDs that appear in households of two or more offices (a household counted twice). */
export async function crossOfficeCitizenIds(
  ctx: ServiceContext,
  sources = CITIZEN_ID_SOURCES,
): Promise<{ citizenId: string; offices: string[]; households: string[] }[]> {
  const found = new Map<string, Map<string, string>>()
  for (const s of sources) {
    const rows = ctx.store.sqlite
      .prepare(
        `select m.${JSON.stringify(s.column)} as cid, m.${JSON.stringify(s.householdColumn)} as hid, o.office_code as office ` +
          `from ${JSON.stringify(s.table)} m join package_row_origin o on o.table_name = 'households' and o.row_id = m.${JSON.stringify(s.householdColumn)} ` +
          `where coalesce(m.${JSON.stringify(s.column)}, '') <> ''`,
      )
      .all() as { cid: string; hid: string; office: string }[]
    for (const r of rows) {
      const m = found.get(r.cid) ?? new Map<string, string>()
      m.set(r.hid, r.office)
      found.set(r.cid, m)
    }
  }
  return [...found.entries()]
    .filter(([, hh]) => new Set(hh.values()).size > 1)
    .map(([citizenId, hh]) => ({ citizenId, offices: [...new Set(hh.values())].sort(), households: [...hh.keys()].sort() }))
}
