import { sql } from 'kysely'
import {
  MOVEMENT_GROUPS,
  MOVEMENT_REASONS,
  MovementCellQuerySchema,
  MovementQuerySchema,
  type MovementGroup,
  type MovementQuery,
  type MovementRow,
  type PeriodPoint,
} from '@shared/domain/reviews'
import type { z } from 'zod'
import type { ServiceContext } from '../context'
import { scopeUnits } from '../reports/scope'
import { grouping, shownGroups } from '../reports/grouping'
import { cellsCte, countCells, householdStates, type CellCount } from './movements-sql'

type Tally = { start: number; end: number; entered: Record<string, number>; left: Record<string, number> }

function emptyTally(group: MovementGroup): Tally {
  const zeros = (list: readonly { key: string }[]) => Object.fromEntries(list.map((r) => [r.key, 0]))
  return { start: 0, end: 0, entered: zeros(MOVEMENT_REASONS[group].entered), left: zeros(MOVEMENT_REASONS[group].left) }
}

function add(t: Tally, c: CellCount, n: number): void {
  if (c.cell === 'stay') {
    t.start += n
    t.end += n
  } else if (c.cell === 'left') {
    t.start += n
    t.left[c.reason!] = (t.left[c.reason!] ?? 0) + n
  } else {
    t.end += n
    t.entered[c.reason!] = (t.entered[c.reason!] ?? 0) + n
  }
}

/**
 * Form 2 and form 3 for a period: per commune and in total, for poor and near-poor, for households
 * and persons. Persons are counted at the household's current size, the same at both ends, so the
 * identity holds for persons too (a change of household size is not a movement).
 */
export async function movements(ctx: ServiceContext, raw: MovementQuery): Promise<MovementRow[]> {
  const q = MovementQuerySchema.parse(raw)
  const { communes } = await scopeUnits(ctx, q.communeId)
  const counts = (await countCells(q.from, q.to, q.communeId).execute(ctx.store.db)).rows
  return assembleRows(
    counts,
    communes.map((c) => ({ id: c.id, code: c.code || c.id, name: c.name })),
  )
}

/** Turns the cell counts into rows: each commune (in the given order), then the total (commune null). */
export function assembleRows(counts: readonly CellCount[], communes: readonly { id: string; code: string; name: string }[]): MovementRow[] {
  const tallies = new Map<string, Tally>()
  const key = (commune: string | null, group: MovementGroup, unit: string) => `${commune ?? ''}|${group}|${unit}`
  const get = (commune: string | null, group: MovementGroup, unit: string) => {
    const k = key(commune, group, unit)
    let t = tallies.get(k)
    if (!t) tallies.set(k, (t = emptyTally(group)))
    return t
  }
  for (const c of counts) {
    for (const unit of ['households', 'persons'] as const) {
      const n = Number(unit === 'households' ? c.households : c.persons)
      if (c.commune_id) add(get(c.commune_id, c.grp, unit), c, n)
      add(get(null, c.grp, unit), c, n)
    }
  }
  const rows: MovementRow[] = []
  for (const commune of [...communes, null]) {
    for (const group of MOVEMENT_GROUPS) {
      for (const unit of ['households', 'persons'] as const) {
        const t = get(commune?.id ?? null, group, unit)
        rows.push({
          commune: commune ? commune.code : null,
          communeName: commune ? commune.name : 'Tổng cộng',
          group,
          unit,
          start: t.start,
          entered: t.entered,
          left: t.left,
          end: t.end,
        })
      }
    }
  }
  return rows
}

/**
 * The movement rows of a report: one per row of the report's grouping (a village at a commune
 * office, a commune at a district office), in its order, then the total. At the province, where
 * rows are offices, the rows are the communes as before.
 */
export async function movementsByRow(ctx: ServiceContext, raw: MovementQuery): Promise<{ rows: MovementRow[]; heading: string }> {
  const q = MovementQuerySchema.parse(raw)
  const g = await grouping(ctx, { communeId: q.communeId })
  if (g.byOffice) return { rows: await movements(ctx, q), heading: 'Xã/phường' }
  const rowOf = new Map<string, string>()
  for (const { id } of await ctx.store.db.selectFrom('admin_units').select('id').execute()) {
    const key = g.keyOf(id, null)
    if (key !== undefined) rowOf.set(id, key)
  }
  const counts = (await countCells(q.from, q.to, q.communeId, rowOf).execute(ctx.store.db)).rows
  const counted = new Set(counts.map((c) => c.commune_id))
  const shown = shownGroups(g, (k) => (counted.has(k) ? 1 : 0))
  return {
    rows: assembleRows(
      counts,
      shown.map((gr) => ({ id: gr.key, code: gr.key, name: gr.label })),
    ),
    heading: g.heading,
  }
}

type CellQuery = z.input<typeof MovementCellQuerySchema>

/** The households behind one cell of the table (start, end, or one reason of entering or leaving). */
export async function movementHouseholds(ctx: ServiceContext, raw: CellQuery) {
  const q = MovementCellQuerySchema.parse(raw)
  MovementQuerySchema.parse({ from: q.from, to: q.to, communeId: q.communeId })
  const cellFilter =
    q.cell === 'start'
      ? sql`cell in ('stay', 'left')`
      : q.cell === 'end'
        ? sql`cell in ('stay', 'entered')`
        : q.reason
          ? sql`cell = ${q.cell} and reason = ${q.reason}`
          : sql`cell = ${q.cell}`
  const rows = await sql<{
    household_id: string
    code: string
    head_name: string
    commune_name: string | null
    persons: number
    s: string | null
    e: string | null
  }>`${cellsCte(householdStates(q.from as PeriodPoint, q.to as PeriodPoint), q.communeId)}
    select cells.household_id, h.code, h.head_name, cu.name as commune_name, cells.persons, cells.s, cells.e
    from cells join households h on h.id = cells.household_id left join admin_units cu on cu.id = cells.commune_id
    where grp = ${q.group} and ${cellFilter}
    order by h.head_name_sort, h.code
    limit 5000`.execute(ctx.store.db)
  type Cls = 'poor' | 'near_poor' | 'newly_escaped' | 'average' | 'none'
  return rows.rows.map((r) => ({
    householdId: r.household_id,
    code: r.code,
    headName: r.head_name,
    communeName: r.commune_name ?? '',
    memberCount: Number(r.persons),
    start: r.s as Cls | null,
    end: r.e as Cls | null,
  }))
}
