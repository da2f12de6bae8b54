import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { deadlineProblem } from '@shared/domain/deadline'
import { TaskFieldsSchema, type TaskFields, type TaskView } from '@shared/domain/plans'
import type { Database } from '../../store/schema'
import type { PlanTable, PlanTaskTable } from '../../store/tables/plans'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { seqSortKey } from './keys'
import { loadTaskViews, planWindow } from './task-views'

export async function createTask(ctx: ServiceContext, input: { planId: string; fields: TaskFields }): Promise<TaskView> {
  let id = ''
  await ctx.store.db.transaction().execute(async (trx) => {
    const plan = await trx.selectFrom('plans').selectAll().where('id', '=', input.planId).executeTakeFirst()
    if (!plan) throw new ApiError('NOT_FOUND', 'Không tìm thấy kế hoạch.', ['planId'])
    id = await insertTask(trx, ctx, plan, input.fields, ['fields'])
  })
  return requireTask(ctx, id)
}

/** Inserts a task and its links inside the caller's transaction, after every business check. */
export async function insertTask(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  plan: PlanTable,
  input: TaskFields,
  path: (string | number)[],
): Promise<string> {
  const f = await checkTask(trx, plan, input, path, null)
  const at = ctx.now().toISOString()
  const row: PlanTaskTable = {
    id: randomUUID(),
    plan_id: plan.id,
    seq: f.seq,
    sort_key: seqSortKey(f.seq),
    content: f.content,
    lead_agency_id: f.leadAgencyId,
    deadline_json: JSON.stringify(f.deadline),
    state: 'not_started',
    completed_on: null,
    result: '',
    created_at: at,
    updated_at: at,
  }
  await trx.insertInto('plan_tasks').values(row).execute()
  await writeLinks(trx, row.id, f)
  await audit(trx, ctx, { entity: 'plan_task', entityId: row.id, action: 'create', after: { ...row, ...links(f) } })
  return row.id
}

export async function updateTask(ctx: ServiceContext, input: { id: string; fields: TaskFields }): Promise<TaskView> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plan_tasks').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy nhiệm vụ.', ['id'])
    const plan = await trx.selectFrom('plans').selectAll().where('id', '=', before.plan_id).executeTakeFirstOrThrow()
    const f = await checkTask(trx, plan, input.fields, ['fields'], before.id)
    const beforeView = (await loadTaskViews(ctx, { taskId: before.id }, trx))[0]
    const after: PlanTaskTable = {
      ...before,
      seq: f.seq,
      sort_key: seqSortKey(f.seq),
      content: f.content,
      lead_agency_id: f.leadAgencyId,
      deadline_json: JSON.stringify(f.deadline),
      updated_at: ctx.now().toISOString(),
    }
    await trx.updateTable('plan_tasks').set(after).where('id', '=', before.id).execute()
    for (const table of ['task_coordinators', 'task_units', 'task_households'] as const) {
      await trx.deleteFrom(table).where('task_id', '=', before.id).execute()
    }
    await writeLinks(trx, before.id, f)
    await audit(trx, ctx, {
      entity: 'plan_task',
      entityId: before.id,
      action: 'update',
      before: { ...before, coordinatorIds: beforeView?.coordinators.map((c) => c.id), unitIds: beforeView?.unitIds },
      after: { ...after, ...links(f) },
    })
  })
  return requireTask(ctx, input.id)
}

export async function requireTask(ctx: ServiceContext, id: string): Promise<TaskView> {
  const view = (await loadTaskViews(ctx, { taskId: id }))[0]
  if (!view) throw new ApiError('NOT_FOUND', 'Không tìm thấy nhiệm vụ.', ['id'])
  return view
}

type CheckedTask = ReturnType<typeof TaskFieldsSchema.parse>

/** The rules a task must keep: known agencies and units, a lead that is not also a coordinator, a deadline that can fall due. */
async function checkTask(
  trx: Kysely<Database>,
  plan: PlanTable,
  input: TaskFields,
  path: (string | number)[],
  selfId: string | null,
): Promise<CheckedTask> {
  const f = TaskFieldsSchema.parse(input)
  f.coordinatorIds = [...new Set(f.coordinatorIds)]
  f.unitIds = [...new Set(f.unitIds)]
  f.householdIds = [...new Set(f.householdIds)]
  const leadAt = f.coordinatorIds.indexOf(f.leadAgencyId)
  if (leadAt >= 0) {
    const lead = await trx.selectFrom('agencies').select('name').where('id', '=', f.leadAgencyId).executeTakeFirst()
    throw new ApiError('BAD_INPUT', `"${lead?.name ?? 'Cơ quan này'}" đã là cơ quan chủ trì, không thể đồng thời là cơ quan phối hợp.`, [
      ...path,
      'coordinatorIds',
      leadAt,
    ])
  }
  const agencyIds = [f.leadAgencyId, ...f.coordinatorIds]
  const known = new Set((await trx.selectFrom('agencies').select('id').where('id', 'in', agencyIds).execute()).map((a) => a.id))
  if (!known.has(f.leadAgencyId)) throw new ApiError('BAD_INPUT', 'Cơ quan chủ trì không có trong danh mục.', [...path, 'leadAgencyId'])
  const missing = f.coordinatorIds.findIndex((id) => !known.has(id))
  if (missing >= 0) throw new ApiError('BAD_INPUT', 'Cơ quan phối hợp không có trong danh mục.', [...path, 'coordinatorIds', missing])
  if (f.unitIds.length) {
    const units = new Set((await trx.selectFrom('admin_units').select('id').where('id', 'in', f.unitIds).execute()).map((u) => u.id))
    const bad = f.unitIds.findIndex((id) => !units.has(id))
    if (bad >= 0) throw new ApiError('BAD_INPUT', 'Không tìm thấy đơn vị hành chính đã chọn.', [...path, 'unitIds', bad])
  }
  const problem = deadlineProblem(f.deadline, planWindow(plan))
  if (problem) throw new ApiError('BAD_INPUT', problem.message, [...path, 'deadline', ...problem.path])
  const clash = await trx.selectFrom('plan_tasks').select('id').where('plan_id', '=', plan.id).where('seq', '=', f.seq).executeTakeFirst()
  if (clash && clash.id !== selfId) throw new ApiError('CONFLICT', `Kế hoạch đã có nhiệm vụ số ${f.seq}.`, [...path, 'seq'])
  return f
}

async function writeLinks(trx: Kysely<Database>, taskId: string, f: CheckedTask): Promise<void> {
  if (f.coordinatorIds.length)
    await trx
      .insertInto('task_coordinators')
      .values(f.coordinatorIds.map((agency_id) => ({ task_id: taskId, agency_id })))
      .execute()
  if (f.unitIds.length)
    await trx
      .insertInto('task_units')
      .values(f.unitIds.map((unit_id) => ({ task_id: taskId, unit_id })))
      .execute()
  if (f.householdIds.length)
    await trx
      .insertInto('task_households')
      .values(f.householdIds.map((household_id) => ({ task_id: taskId, household_id })))
      .execute()
}

function links(f: CheckedTask) {
  return { coordinatorIds: f.coordinatorIds, unitIds: f.unitIds, householdIds: f.householdIds }
}
