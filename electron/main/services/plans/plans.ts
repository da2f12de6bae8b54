import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { deadlineProblem, DeadlineSchema } from '@shared/domain/deadline'
import { PlanFieldsSchema, type Plan, type PlanFields, type TaskView } from '@shared/domain/plans'
import type { Database } from '../../store/schema'
import type { PlanTable } from '../../store/tables/plans'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { nameKey } from './keys'
import { loadTaskViews, planWindow } from './task-views'

export async function listPlans(ctx: ServiceContext): Promise<Plan[]> {
  const [rows, tasks] = await Promise.all([
    ctx.store.db.selectFrom('plans').selectAll().orderBy('issued_on', 'desc').orderBy('number').execute(),
    loadTaskViews(ctx),
  ])
  return rows.map((r) => toPlan(r, tasks))
}

export async function getPlan(ctx: ServiceContext, id: string): Promise<{ plan: Plan; tasks: TaskView[] }> {
  const row = await ctx.store.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new ApiError('NOT_FOUND', 'Không tìm thấy kế hoạch.', ['id'])
  const tasks = await loadTaskViews(ctx, { planId: id })
  return { plan: toPlan(row, tasks), tasks }
}

export async function createPlan(ctx: ServiceContext, input: PlanFields): Promise<Plan> {
  let row: PlanTable | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    row = await insertPlan(trx, ctx, input)
  })
  return toPlan(row!, [])
}

/** Inserts a plan inside the caller's transaction (also used by the annex import). */
export async function insertPlan(trx: Kysely<Database>, ctx: ServiceContext, input: PlanFields): Promise<PlanTable> {
  const f = PlanFieldsSchema.parse(input)
  await assertNumberFree(trx, f.number, f.issuedOn, null)
  const at = ctx.now().toISOString()
  const row: PlanTable = {
    id: randomUUID(),
    number: f.number,
    number_key: nameKey(f.number),
    issued_on: f.issuedOn,
    issuer: f.issuer,
    title: f.title,
    period_from: f.periodFrom,
    period_to: f.periodTo,
    implements: f.implements,
    targets: f.targets,
    original_location: f.originalLocation,
    created_at: at,
    updated_at: at,
  }
  await trx.insertInto('plans').values(row).execute()
  await audit(trx, ctx, { entity: 'plan', entityId: row.id, action: 'create', after: row })
  return row
}

export async function updatePlan(ctx: ServiceContext, input: { id: string; fields: PlanFields }): Promise<Plan> {
  const f = PlanFieldsSchema.parse(input.fields)
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plans').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy kế hoạch.', ['id'])
    await assertNumberFree(trx, f.number, f.issuedOn, before.id)
    const after: PlanTable = {
      ...before,
      number: f.number,
      number_key: nameKey(f.number),
      issued_on: f.issuedOn,
      issuer: f.issuer,
      title: f.title,
      period_from: f.periodFrom,
      period_to: f.periodTo,
      implements: f.implements,
      targets: f.targets,
      original_location: f.originalLocation,
      updated_at: ctx.now().toISOString(),
    }
    // A new date or period must still fit every task's deadline, or the change is refused whole.
    const tasks = await trx.selectFrom('plan_tasks').select(['seq', 'deadline_json']).where('plan_id', '=', before.id).execute()
    for (const t of tasks) {
      const problem = deadlineProblem(DeadlineSchema.parse(JSON.parse(t.deadline_json)), planWindow(after))
      if (problem) throw new ApiError('BAD_INPUT', `Nhiệm vụ ${t.seq}: ${problem.message}`, ['fields', 'issuedOn'])
    }
    await trx.updateTable('plans').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'plan', entityId: before.id, action: 'update', before, after })
  })
  return (await getPlan(ctx, input.id)).plan
}

async function assertNumberFree(trx: Kysely<Database>, number: string, issuedOn: string, selfId: string | null): Promise<void> {
  const clash = await trx
    .selectFrom('plans')
    .select('id')
    .where('number_key', '=', nameKey(number))
    .where('issued_on', '=', issuedOn)
    .executeTakeFirst()
  if (clash && clash.id !== selfId) throw new ApiError('CONFLICT', `Kế hoạch số ${number} cùng ngày đã có.`, ['number'])
}

export function toPlan(r: Selectable<PlanTable>, tasks: TaskView[]): Plan {
  const own = tasks.filter((t) => t.planId === r.id)
  return {
    id: r.id,
    number: r.number,
    issuedOn: r.issued_on,
    issuer: r.issuer,
    title: r.title,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    implements: r.implements,
    targets: r.targets,
    originalLocation: r.original_location,
    taskCount: own.length,
    overdueCount: own.filter((t) => t.status === 'overdue').length,
  }
}
