import { sql } from 'kysely'
import type { ReportParams } from '@shared/domain/reports'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { scopeUnits } from './scope'

/** One row of a by-area report: a commune at an office, an office at the province. */
export interface Group {
  key: string
  label: string
}

/**
 * How a report's rows are grouped. An office reports by commune; the province, holding every
 * office's packages, reports by office (the office breakdown of issue 7). Households are mapped to
 * their row in JavaScript after SQL has grouped them by unit and office, so the SQL stays one
 * GROUP BY over the assessments whatever the depth of the unit tree.
 */
export interface Grouping {
  byOffice: boolean
  /** The heading of the first column. */
  heading: string
  groups: Group[]
  keyOf(unitId: string, officeCode: string | null): string | undefined
}

export async function grouping(ctx: ServiceContext, params: ReportParams): Promise<Grouping> {
  const office = await requireOffice(ctx)
  if (office.mode === 'province') {
    const offices = (
      await sql<{ code: string; name: string }>`
      select office_code as code, max(office_name) as name from packages_received where status = 'accepted' group by office_code order by office_code
    `.execute(ctx.store.db)
    ).rows
    const groups: Group[] = offices.map((o) => ({ key: o.code, label: `${o.name} (${o.code})` }))
    // The province's own households, if it keeps any, form a row of their own.
    groups.push({ key: office.code, label: `${office.name} (${office.code})` })
    return { byOffice: true, heading: 'Đơn vị', groups, keyOf: (_unit, code) => code ?? office.code }
  }
  const { communes, communeOf } = await scopeUnits(ctx, params.communeId)
  return {
    byOffice: false,
    heading: 'Xã/phường',
    groups: communes.map((c) => ({ key: c.id, label: c.name })),
    keyOf: (unitId) => communeOf.get(unitId),
  }
}

/** Rounded so the same share is the same number in the preview, the PDF and the workbook. */
export function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0
}
