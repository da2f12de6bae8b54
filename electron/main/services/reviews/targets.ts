import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { TargetInputSchema, targetLabel, type Target, type TargetInput, type TargetProgress } from '@shared/domain/reviews'
import type { ReviewTargetTable } from '../../store/tables/reviews'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { scopeUnits } from '../reports/scope'

async function toTargets(ctx: ServiceContext, rows: Selectable<ReviewTargetTable>[]): Promise<Target[]> {
  const units = new Map((await ctx.store.db.selectFrom('admin_units').select(['id', 'name']).execute()).map((u) => [u.id, u.name]))
  const plans = new Map((await ctx.store.db.selectFrom('plans').select(['id', 'number']).execute()).map((p) => [p.id, p.number]))
  return rows.map((r) => ({
    id: r.id,
    communeId: r.commune_id,
    scopeName: r.commune_id ? (units.get(r.commune_id) ?? '') : 'Toàn đơn vị',
    kind: r.kind,
    measure: r.measure,
    value: r.value,
    baseYear: r.base_year,
    fromYear: r.from_year,
    toYear: r.to_year,
    planId: r.plan_id,
    planNumber: r.plan_id ? (plans.get(r.plan_id) ?? null) : null,
    note: r.note,
    label: targetLabel({ kind: r.kind, measure: r.measure, value: r.value, baseYear: r.base_year, toYear: r.to_year }),
  }))
}

export async function listTargets(ctx: ServiceContext): Promise<Target[]> {
  const rows = await ctx.store.db.selectFrom('review_targets').selectAll().orderBy('from_year').orderBy('created_at').execute()
  return toTargets(ctx, rows)
}

/** Adds or edits a target of the plan for the office or one commune; audited. */
export async function saveTarget(ctx: ServiceContext, raw: TargetInput): Promise<Target> {
  const t = TargetInputSchema.parse(raw)
  const id = t.id ?? randomUUID()
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = t.id ? await trx.selectFrom('review_targets').selectAll().where('id', '=', t.id).executeTakeFirst() : undefined
    if (t.id && !before) throw new ApiError('NOT_FOUND', 'Không tìm thấy chỉ tiêu.', ['id'])
    if (t.communeId) {
      const u = await trx.selectFrom('admin_units').select('kind').where('id', '=', t.communeId).executeTakeFirst()
      if (u?.kind !== 'commune') throw new ApiError('BAD_INPUT', 'Chọn một xã/phường.', ['communeId'])
    }
    if (t.planId && !(await trx.selectFrom('plans').select('id').where('id', '=', t.planId).executeTakeFirst())) {
      throw new ApiError('NOT_FOUND', 'Không tìm thấy kế hoạch.', ['planId'])
    }
    const row = {
      id,
      commune_id: t.communeId,
      kind: t.kind,
      measure: t.measure,
      value: t.value,
      base_year: t.kind === 'count_reduction' ? t.baseYear : null,
      from_year: t.fromYear,
      to_year: t.toYear,
      plan_id: t.planId,
      note: t.note,
      created_at: before?.created_at ?? at,
      updated_at: at,
    }
    if (before) await trx.updateTable('review_targets').set(row).where('id', '=', id).execute()
    else await trx.insertInto('review_targets').values(row).execute()
    await audit(trx, ctx, { entity: 'review_target', entityId: id, action: before ? 'update' : 'create', before, after: row })
  })
  return (await listTargets(ctx)).find((x) => x.id === id)!
}

export async function deleteTarget(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('review_targets').selectAll().where('id', '=', id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy chỉ tiêu.', ['id'])
    await trx.deleteFrom('review_targets').where('id', '=', id).execute()
    await audit(trx, ctx, { entity: 'review_target', entityId: id, action: 'delete', before })
  })
}

interface YearLevel {
  total: number
  poor: number
  near: number
}

/** Households assessed, poor and near-poor per year, for the office or one commune (any depth below it). */
async function levels(ctx: ServiceContext, communeId: string | null, years: number[]): Promise<Map<number, YearLevel>> {
  let q = ctx.store.db
    .selectFrom('household_assessments as a')
    .innerJoin('households as h', 'h.id', 'a.household_id')
    .select([
      'a.year',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.sum<number>(eb.case().when('a.classification', '=', 'poor').then(1).else(0).end()).as('poor'),
      (eb) => eb.fn.sum<number>(eb.case().when('a.classification', '=', 'near_poor').then(1).else(0).end()).as('near'),
    ])
    .where('a.year', 'in', years)
    .groupBy('a.year')
  if (communeId) {
    const { villagesOf } = await scopeUnits(ctx, communeId)
    q = q.where('h.unit_id', 'in', [communeId, ...villagesOf(communeId).map((v) => v.id)])
  }
  const rows = await q.execute()
  return new Map(rows.map((r) => [r.year, { total: Number(r.total), poor: Number(r.poor), near: Number(r.near) }]))
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Each target year by year against the assessments: for a rate target, the points the rate fell
 * from the year before; for a reduction target, the cumulative % fall since the base year against a
 * straight path to the final value.
 */
export async function targetProgress(ctx: ServiceContext): Promise<TargetProgress[]> {
  const targets = await listTargets(ctx)
  const out: TargetProgress[] = []
  for (const t of targets) {
    const years = Array.from({ length: t.toYear - t.fromYear + 1 }, (_, i) => t.fromYear + i)
    const needed = [...new Set([...years, ...years.map((y) => y - 1), ...(t.baseYear ? [t.baseYear] : [])])]
    const lv = await levels(ctx, t.communeId, needed)
    const count = (y: number) => {
      const l = lv.get(y)
      return l ? (t.measure === 'poor' ? l.poor : l.poor + l.near) : null
    }
    const rate = (y: number) => {
      const l = lv.get(y)
      const c = count(y)
      return l && l.total > 0 && c !== null ? (c / l.total) * 100 : null
    }
    out.push({
      ...t,
      years: years.map((y) => {
        if (t.kind === 'rate_drop') {
          const now = rate(y)
          const before = rate(y - 1)
          const actual = now !== null && before !== null ? round2(before - now) : null
          return {
            year: y,
            expected: t.value,
            actual,
            met: actual === null ? null : actual >= t.value,
            level: now === null ? null : round2(now),
          }
        }
        const base = count(t.baseYear!)
        const now = count(y)
        const span = t.toYear - t.baseYear!
        const expected = round2((t.value * Math.max(0, y - t.baseYear!)) / span)
        const actual = base && now !== null ? round2(((base - now) / base) * 100) : null
        return { year: y, expected, actual, met: actual === null ? null : actual >= expected, level: now }
      }),
    })
  }
  return out
}
