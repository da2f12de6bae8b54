import type { Kysely } from 'kysely'
import { DeadlineSchema, describeDeadline, localToday, nextDue, type TaskWindow } from '@shared/domain/deadline'
import type { TaskView } from '@shared/domain/plans'
import { daysBetween, taskStatus } from '@shared/domain/task-status'
import type { Database } from '../../store/schema'
import type { PlanTable } from '../../store/tables/plans'
import type { ServiceContext } from '../context'

/** The window a plan's recurring deadlines run in: from its date to the end of its last year. */
export function planWindow(plan: Pick<PlanTable, 'issued_on' | 'period_to'>): TaskWindow {
  return { start: plan.issued_on, end: `${plan.period_to}-12-31` }
}

export interface TaskFilter {
  planId?: string
  taskId?: string
}

/**
 * Tasks with everything a view shows, and their status computed from ctx.now() (overdue is never
 * stored). A provincial plan has tens of tasks and an office a handful of plans, so the few child
 * tables are read whole and joined in memory rather than with one query per task.
 */
export async function loadTaskViews(
  ctx: ServiceContext,
  filter: TaskFilter = {},
  db: Kysely<Database> = ctx.store.db,
): Promise<TaskView[]> {
  const today = localToday(ctx.now())
  let q = db
    .selectFrom('plan_tasks as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .innerJoin('agencies as a', 'a.id', 't.lead_agency_id')
    .selectAll('t')
    .select(['p.number as plan_number', 'p.issued_on as plan_issued_on', 'p.period_to as plan_period_to', 'a.name as lead_name'])
  if (filter.planId) q = q.where('t.plan_id', '=', filter.planId)
  if (filter.taskId) q = q.where('t.id', '=', filter.taskId)
  const tasks = await q.orderBy('p.issued_on').orderBy('t.plan_id').orderBy('t.sort_key').execute()
  if (tasks.length === 0) return []

  const [coordinators, units, households, progress, reports] = await Promise.all([
    db
      .selectFrom('task_coordinators as c')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .select(['c.task_id', 'a.id', 'a.name'])
      .orderBy('a.name')
      .execute(),
    db.selectFrom('task_units').selectAll().execute(),
    db.selectFrom('task_households').selectAll().execute(),
    db.selectFrom('task_progress').selectAll().orderBy('on_date').orderBy('created_at').execute(),
    db
      .selectFrom('task_reports as r')
      .innerJoin('agencies as a', 'a.id', 'r.agency_id')
      .selectAll('r')
      .select('a.name as agency_name')
      .orderBy('r.due_date')
      .orderBy('r.received_on')
      .execute(),
  ])
  const group = <T extends { task_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>()
    for (const r of rows) m.set(r.task_id, [...(m.get(r.task_id) ?? []), r])
    return m
  }
  const [byCoord, byUnit, byHousehold, byProgress, byReport] = [
    group(coordinators),
    group(units),
    group(households),
    group(progress),
    group(reports),
  ]

  return tasks.map((t): TaskView => {
    const deadline = DeadlineSchema.parse(JSON.parse(t.deadline_json))
    const taskReports = byReport.get(t.id) ?? []
    const answered = new Set(taskReports.map((r) => r.due_date))
    const window = planWindow({ issued_on: t.plan_issued_on, period_to: t.plan_period_to })
    const due = nextDue(deadline, window, answered, t.state === 'done')
    return {
      id: t.id,
      planId: t.plan_id,
      planNumber: t.plan_number,
      seq: t.seq,
      content: t.content,
      leadAgency: { id: t.lead_agency_id, name: t.lead_name },
      coordinators: (byCoord.get(t.id) ?? []).map((c) => ({ id: c.id, name: c.name })),
      deadline,
      deadlineText: describeDeadline(deadline),
      window,
      state: t.state,
      status: taskStatus(t.state, due, today),
      nextDue: due,
      daysLeft: due === null ? null : daysBetween(today, due),
      completedOn: t.completed_on,
      result: t.result,
      unitIds: (byUnit.get(t.id) ?? []).map((u) => u.unit_id),
      householdIds: (byHousehold.get(t.id) ?? []).map((h) => h.household_id),
      progress: (byProgress.get(t.id) ?? []).map((p) => ({ id: p.id, onDate: p.on_date, note: p.note, actor: p.actor })),
      reports: taskReports.map((r) => ({
        id: r.id,
        agencyId: r.agency_id,
        agencyName: r.agency_name,
        dueDate: r.due_date,
        receivedOn: r.received_on,
        onTime: r.received_on <= r.due_date,
        summary: r.summary,
      })),
    }
  })
}
