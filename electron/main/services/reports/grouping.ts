import { sql } from 'kysely'
import type { ReportParams } from '@shared/domain/reports'
import { OFFICE_LEVELS } from '@shared/domain/office-levels'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { scopeUnits } from './scope'

/** One row of a by-area report: a village at a commune office, a commune at a district office, an office at the province. */
export interface Group {
  key: string
  label: string
  /** Shown only when it counts something (an office that sent nothing, households left on the commune itself). */
  optional?: boolean
}

/**
 * How a report's rows are grouped: one level under the office (OFFICE_LEVELS[level].rowKind). A
 * commune office reports by village, a district office by commune, the province by office (from the
 * packages it accepted). Households are mapped to their row in JavaScript after SQL has grouped them
 * by unit and office, so the SQL stays one GROUP BY over the assessments whatever the depth of the tree.
 */
export interface Grouping {
  byOffice: boolean
  /** The heading of the first column. */
  heading: string
  groups: Group[]
  keyOf(unitId: string, officeCode: string | null): string | undefined
}

export async function grouping(ctx: ServiceContext, params: Pick<ReportParams, 'communeId'>): Promise<Grouping> {
  const office = await requireOffice(ctx)
  const rule = OFFICE_LEVELS[office.level]
  if (office.mode === 'province') {
    const offices = (
      await sql<{ code: string; name: string }>`
      select office_code as code, max(office_name) as name from packages_received where status = 'accepted' group by office_code order by office_code
    `.execute(ctx.store.db)
    ).rows
    const groups: Group[] = offices.map((o) => ({ key: o.code, label: `${o.name} (${o.code})`, optional: true }))
    // The province's own households, if it keeps any, form a row of their own.
    groups.push({ key: office.code, label: `${office.name} (${office.code})`, optional: true })
    return { byOffice: true, heading: OFFICE_LEVELS.province.rowHeading, groups, keyOf: (_unit, code) => code ?? office.code }
  }
  const { communes, communeOf, villagesOf, childrenOf } = await scopeUnits(ctx, params.communeId)
  if (rule.rowKind !== 'village') {
    return {
      byOffice: false,
      heading: rule.rowHeading,
      // A commune merged into another keeps no row (its households and villages moved with the merge).
      groups: communes.map((c) => ({ key: c.id, label: c.name, optional: !c.active })),
      keyOf: (unitId) => communeOf.get(unitId),
    }
  }
  // A row per unit directly under the commune (its villages and residential groups), each taking
  // the units beneath it; households recorded on the commune itself get a row of their own.
  const groups: Group[] = []
  const rowOf = new Map<string, string>()
  for (const c of communes) {
    for (const v of childrenOf(c.id)) {
      groups.push({ key: v.id, label: v.name, optional: !v.active })
      rowOf.set(v.id, v.id)
      for (const d of villagesOf(v.id)) rowOf.set(d.id, v.id)
    }
    groups.push({ key: c.id, label: `${c.name} (chưa thuộc thôn, tổ nào)`, optional: true })
    rowOf.set(c.id, c.id)
  }
  return { byOffice: false, heading: rule.rowHeading, groups, keyOf: (unitId) => rowOf.get(unitId) }
}

/** The rows a report shows: every group, less the optional ones that count nothing. */
export function shownGroups(g: Grouping, counts: (key: string) => number): Group[] {
  return g.groups.filter((gr) => !gr.optional || counts(gr.key) > 0)
}

/** Rounded so the same share is the same number in the preview, the PDF and the workbook. */
export function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0
}
