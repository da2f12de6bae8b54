import { ApiError } from '@shared/contract/errors'
import type { ConsolidatedSummary } from '@shared/domain/packages'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { buildReportDocument } from '../reports/build'

/**
 * The province's consolidated view: the catalogue's results summary (form 1) for a review year,
 * which at the province has one row per office (reports/grouping.ts), and the households whose
 * citizen IDs appear in two or more offices. The year defaults to the latest one assessed.
 */
export async function consolidatedSummary(ctx: ServiceContext, input: { year?: number | undefined }): Promise<ConsolidatedSummary> {
  const office = await requireOffice(ctx)
  if (office.mode !== 'province') throw new ApiError('FORBIDDEN', 'Bảng tổng hợp theo đơn vị chỉ có ở cơ sở dữ liệu cấp tỉnh.')
  const latest = await ctx.store.db
    .selectFrom('household_assessments')
    .select((eb) => eb.fn.max('year').as('year'))
    .executeTakeFirst()
  const year = input.year ?? (latest?.year ? Number(latest.year) : ctx.now().getFullYear())
  const document = await buildReportDocument(ctx, 'summary', { year, period: 'year', communeId: null })
  const shared = await crossOfficeCitizenIds(ctx)
  const ids = [...new Set(shared.flatMap((s) => s.households))]
  const info = new Map(
    ids.length
      ? (
          await ctx.store.db
            .selectFrom('households as h')
            .leftJoin('package_row_origin as o', (j) => j.onRef('o.row_id', '=', 'h.id').on('o.table_name', '=', 'households'))
            .select(['h.id', 'h.code', 'h.head_name', 'o.office_code'])
            .where('h.id', 'in', ids)
            .execute()
        ).map((r) => [r.id, { householdId: r.id, officeCode: r.office_code ?? office.code, code: r.code, headName: r.head_name }])
      : [],
  )
  return {
    year,
    document,
    sharedCitizenIds: shared.map((s) => ({
      citizenId: s.citizenId,
      offices: s.offices,
      households: s.households.flatMap((id) => info.get(id) ?? []),
    })),
  }
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
