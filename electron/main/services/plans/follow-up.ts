import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { DeadlineSchema, localToday, occurrences } from '@shared/domain/deadline'
import type { TaskView } from '@shared/domain/plans'
import { formatDate } from '@shared/text/format'
import type { Database } from '../../store/schema'
import type { PlanTaskTable } from '../../store/tables/plans'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { loadTaskViews, planWindow } from './task-views'
import { requireTask } from './tasks'

/** A dated note of what has been done; the first one moves a task from "not started" to "in progress". */
export async function addProgress(ctx: ServiceContext, input: { taskId: string; onDate: string; note: string }): Promise<TaskView> {
  notInFuture(ctx, input.onDate, ['onDate'], 'Ngày ghi nhận')
  await ctx.store.db.transaction().execute(async (trx) => {
    const task = await taskRow(trx, input.taskId)
    const row = {
      id: randomUUID(),
      task_id: task.id,
      on_date: input.onDate,
      note: input.note,
      actor: ctx.actor(),
      created_at: ctx.now().toISOString(),
    }
    await trx.insertInto('task_progress').values(row).execute()
    await audit(trx, ctx, { entity: 'task_progress', entityId: row.id, action: 'create', after: row })
    await startIfNew(trx, ctx, task)
  })
  return requireTask(ctx, input.taskId)
}

/**
 * An agency's report on a task, received on a date. It answers one due date (by default the one
 * still open), which is how a recurring task moves on to its next occurrence; on time or late is
 * read from the two dates, never typed.
 */
export async function addReport(
  ctx: ServiceContext,
  input: { taskId: string; agencyId?: string | undefined; dueDate?: string | undefined; receivedOn: string; summary: string },
): Promise<TaskView> {
  notInFuture(ctx, input.receivedOn, ['receivedOn'], 'Ngày nhận')
  await ctx.store.db.transaction().execute(async (trx) => {
    const task = await taskRow(trx, input.taskId)
    const view = (await loadTaskViews(ctx, { taskId: task.id }, trx))[0]!
    const agencyId = input.agencyId ?? task.lead_agency_id
    if (agencyId !== task.lead_agency_id && !view.coordinators.some((c) => c.id === agencyId)) {
      throw new ApiError('BAD_INPUT', 'Cơ quan gửi báo cáo không chủ trì hay phối hợp nhiệm vụ này.', ['agencyId'])
    }
    const dueDate = input.dueDate ?? view.nextDue ?? lastOccurrence(task, view)
    if (!dueDate) throw new ApiError('BAD_INPUT', 'Nhiệm vụ không còn kỳ hạn nào để báo cáo; hãy chọn kỳ hạn.', ['dueDate'])
    const plan = await trx.selectFrom('plans').selectAll().where('id', '=', task.plan_id).executeTakeFirstOrThrow()
    const deadline = DeadlineSchema.parse(JSON.parse(task.deadline_json))
    const window = planWindow(plan)
    if (!occurrences(deadline, window.start, window.end).includes(dueDate)) {
      throw new ApiError('BAD_INPUT', `Ngày ${formatDate(dueDate)} không phải một kỳ hạn của nhiệm vụ (${view.deadlineText}).`, ['dueDate'])
    }
    const row = {
      id: randomUUID(),
      task_id: task.id,
      agency_id: agencyId,
      due_date: dueDate,
      received_on: input.receivedOn,
      summary: input.summary,
      created_at: ctx.now().toISOString(),
    }
    await trx.insertInto('task_reports').values(row).execute()
    await audit(trx, ctx, { entity: 'task_report', entityId: row.id, action: 'create', after: row })
    await startIfNew(trx, ctx, task)
  })
  return requireTask(ctx, input.taskId)
}

/** Marks a task done on a date, with its result as it goes into the six-month and annual reports. */
export async function completeTask(ctx: ServiceContext, input: { taskId: string; completedOn: string; result: string }): Promise<TaskView> {
  notInFuture(ctx, input.completedOn, ['completedOn'], 'Ngày hoàn thành')
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await taskRow(trx, input.taskId)
    const plan = await trx.selectFrom('plans').select('issued_on').where('id', '=', before.plan_id).executeTakeFirstOrThrow()
    if (input.completedOn < plan.issued_on) {
      throw new ApiError('BAD_INPUT', `Ngày hoàn thành ở trước ngày ban hành kế hoạch (${formatDate(plan.issued_on)}).`, ['completedOn'])
    }
    const after: PlanTaskTable = {
      ...before,
      state: 'done',
      completed_on: input.completedOn,
      result: input.result,
      updated_at: ctx.now().toISOString(),
    }
    await trx.updateTable('plan_tasks').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'plan_task', entityId: before.id, action: 'complete', before, after })
  })
  return requireTask(ctx, input.taskId)
}

/** Undoes "done" (a task marked by mistake); its result text is kept. */
export async function reopenTask(ctx: ServiceContext, input: { taskId: string }): Promise<TaskView> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await taskRow(trx, input.taskId)
    if (before.state !== 'done') return
    const after: PlanTaskTable = { ...before, state: 'in_progress', completed_on: null, updated_at: ctx.now().toISOString() }
    await trx.updateTable('plan_tasks').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'plan_task', entityId: before.id, action: 'reopen', before, after })
  })
  return requireTask(ctx, input.taskId)
}

async function taskRow(trx: Kysely<Database>, id: string): Promise<PlanTaskTable> {
  const task = await trx.selectFrom('plan_tasks').selectAll().where('id', '=', id).executeTakeFirst()
  if (!task) throw new ApiError('NOT_FOUND', 'Không tìm thấy nhiệm vụ.', ['taskId'])
  return task
}

async function startIfNew(trx: Kysely<Database>, ctx: ServiceContext, task: PlanTaskTable): Promise<void> {
  if (task.state !== 'not_started') return
  await trx.updateTable('plan_tasks').set({ state: 'in_progress', updated_at: ctx.now().toISOString() }).where('id', '=', task.id).execute()
  await audit(trx, ctx, {
    entity: 'plan_task',
    entityId: task.id,
    action: 'update',
    before: { state: task.state },
    after: { state: 'in_progress' },
  })
}

function notInFuture(ctx: ServiceContext, iso: string, path: string[], what: string): void {
  const today = localToday(ctx.now())
  if (iso > today) throw new ApiError('BAD_INPUT', `${what} ${formatDate(iso)} ở sau hôm nay (${formatDate(today)}).`, path)
}

/** A done one-off task still accepts a late report for its date. */
function lastOccurrence(task: PlanTaskTable, view: TaskView): string | null {
  return view.deadline.kind === 'date' && task.state === 'done' ? view.deadline.date : null
}
