import { sql } from 'kysely'
import type { OverviewStats } from '@shared/domain/reports'
import type { ServiceContext } from '../context'
import { classCounts } from './class-counts'
import { grouping, share } from './grouping'
import { requireOffice } from '../office'

/**
 * The years with at least one household's assessment, the latest first: where a report or the
 * overview opens (the current year is often not reviewed yet), and which years a report of zeros
 * is warned about.
 */
export async function assessedYears(ctx: ServiceContext): Promise<number[]> {
  const rows = await sql<{ year: number }>`select distinct year from household_assessments order by year desc`.execute(ctx.store.db)
  return rows.rows.map((r) => r.year)
}

/**
 * The overview page's figures: the poverty rate by commune for a year, and the trend over every
 * year with assessments. Same queries and rounding as the results summary, so the charts and the
 * printed report never disagree.
 */
export async function overviewStats(ctx: ServiceContext, year: number): Promise<OverviewStats> {
  const params = { year, period: 'year' as const, communeId: null }
  const g = await grouping(ctx, params)
  const years = (await assessedYears(ctx)).reverse()
  const tallyOf = async (y: number) => {
    const byKey = new Map(g.groups.map((gr) => [gr.key, { households: 0, poor: 0, nearPoor: 0 }]))
    for (const c of await classCounts(ctx, y, g)) {
      const t = byKey.get(c.key)
      if (!t) continue
      t.households += c.households
      if (c.classification === 'poor') t.poor += c.households
      if (c.classification === 'near_poor') t.nearPoor += c.households
    }
    return byKey
  }
  const optional = new Set(g.groups.filter((gr) => gr.optional).map((gr) => gr.key))
  const rows = (m: Map<string, { households: number; poor: number; nearPoor: number }>, label: (k: string) => string) =>
    [...m.entries()]
      .filter(([k, t]) => !optional.has(k) || t.households > 0)
      .map(([k, t]) => ({ label: label(k), ...t, poorRate: share(t.poor, t.households), nearPoorRate: share(t.nearPoor, t.households) }))
  const labelOf = new Map(g.groups.map((gr) => [gr.key, gr.label]))
  const byCommune = rows(await tallyOf(year), (k) => labelOf.get(k) ?? k)
  const trend = []
  for (const y of years) {
    const sum = { households: 0, poor: 0, nearPoor: 0 }
    for (const t of (await tallyOf(y)).values()) {
      sum.households += t.households
      sum.poor += t.poor
      sum.nearPoor += t.nearPoor
    }
    trend.push({ year: y, ...sum, poorRate: share(sum.poor, sum.households), nearPoorRate: share(sum.nearPoor, sum.households) })
  }
  const { n } = await ctx.store.db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const { level } = await requireOffice(ctx)
  return { year, registered: Number(n), byOffice: g.byOffice, level, byCommune, trend }
}
