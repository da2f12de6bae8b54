import type { CaseStage, ProgressCounts, ProgressRow, ReviewStatus } from '@shared/domain/reviews'
import { viCollator } from '@shared/text/fold'
import type { ServiceContext } from '../context'
import { effectiveStandards } from '../households/standards'
import { scopeUnits } from '../reports/scope'
import { findCycle, toCycle } from './cycles'

const REACHED: Record<Exclude<keyof ProgressCounts, 'total' | 'redo'>, CaseStage[]> = {
  surveyed: ['surveyed', 'met', 'posted', 'approved'],
  met: ['met', 'posted', 'approved'],
  posted: ['posted', 'approved'],
  approved: ['approved'],
}

function zero(): ProgressCounts {
  return { total: 0, surveyed: 0, met: 0, posted: 0, approved: 0, redo: 0 }
}

function addTo(t: ProgressCounts, stage: CaseStage, n: number): void {
  t.total += n
  if (stage === 'redo') t.redo += n
  for (const [k, stages] of Object.entries(REACHED) as [keyof typeof REACHED, CaseStage[]][]) if (stages.includes(stage)) t[k] += n
}

/**
 * How far the year's annual review has come, per village, per commune and in total: each count is
 * the households that reached at least that step (a posted household has also been surveyed and met).
 */
export async function reviewStatus(ctx: ServiceContext, year: number): Promise<ReviewStatus> {
  const cycle = await findCycle(ctx.store.db, year)
  if (!cycle) return { cycle: null, rows: [] }
  const standards = await effectiveStandards(ctx)
  const counts = await ctx.store.db
    .selectFrom('review_cases as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select(['h.unit_id', 'c.stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.year', '=', year)
    .where('c.origin', '<>', 'ongoing')
    .groupBy(['h.unit_id', 'c.stage'])
    .execute()
  const { communes, villagesOf } = await scopeUnits(ctx, null)
  const byUnit = new Map<string, ProgressCounts>()
  for (const c of counts) {
    const t = byUnit.get(c.unit_id) ?? zero()
    addTo(t, c.stage, Number(c.n))
    byUnit.set(c.unit_id, t)
  }
  const sum = (into: ProgressCounts, from: ProgressCounts | undefined) => {
    if (!from) return
    for (const k of Object.keys(into) as (keyof ProgressCounts)[]) into[k] += from[k]
  }
  const rows: ProgressRow[] = []
  const total = zero()
  for (const commune of communes) {
    const villages = villagesOf(commune.id).sort((a, b) => viCollator.compare(a.name, b.name))
    const ct = zero()
    sum(ct, byUnit.get(commune.id))
    const villageRows = villages.map((v) => {
      const vt = byUnit.get(v.id) ?? zero()
      sum(ct, vt)
      return { unitId: v.id, name: v.name, level: 'village' as const, ...vt }
    })
    rows.push({ unitId: commune.id, name: commune.name, level: 'commune', ...ct }, ...villageRows)
    sum(total, ct)
  }
  rows.push({ unitId: null, name: 'Tổng cộng', level: 'total', ...total })
  return { cycle: toCycle(cycle, standards), rows }
}
