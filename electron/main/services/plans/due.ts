import { ApiError } from '@shared/contract/errors'
import { isoDate, localToday, occurrences } from '@shared/domain/deadline'
import type { TaskView } from '@shared/domain/plans'
import { dueBucket } from '@shared/domain/task-status'
import type { ServiceContext } from '../context'
import { loadTaskViews } from './task-views'

export interface DueLists {
  today: string
  withinDays: number
  overdue: TaskView[]
  soon: TaskView[]
  later: TaskView[]
}

/** Open tasks by due date: overdue, due within `withinDays` days, later — the follow-up list. */
export async function dueTasks(ctx: ServiceContext, input: { withinDays: number; agencyId?: string | undefined }): Promise<DueLists> {
  const today = localToday(ctx.now())
  const lists: DueLists = { today, withinDays: input.withinDays, overdue: [], soon: [], later: [] }
  const tasks = (await loadTaskViews(ctx)).filter((t) => !input.agencyId || involves(t, input.agencyId))
  for (const t of tasks) {
    if (t.nextDue === null) continue
    lists[dueBucket(t.nextDue, today, input.withinDays)].push(t)
  }
  for (const list of [lists.overdue, lists.soon, lists.later]) list.sort((a, b) => a.nextDue!.localeCompare(b.nextDue!))
  return lists
}

export function involves(t: TaskView, agencyId: string): boolean {
  return t.leadAgency.id === agencyId || t.coordinators.some((c) => c.id === agencyId)
}

/** Tasks an agency leads and those it coordinates. */
export async function tasksByAgency(
  ctx: ServiceContext,
  input: { agencyId: string },
): Promise<{ lead: TaskView[]; coordinating: TaskView[] }> {
  const agency = await ctx.store.db.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst()
  if (!agency) throw new ApiError('NOT_FOUND', 'Không tìm thấy cơ quan.', ['agencyId'])
  const tasks = await loadTaskViews(ctx)
  return {
    lead: tasks.filter((t) => t.leadAgency.id === input.agencyId),
    coordinating: tasks.filter((t) => t.coordinators.some((c) => c.id === input.agencyId)),
  }
}

export interface CalendarEntry {
  date: string
  taskId: string
  planNumber: string
  seq: string
  content: string
  leadAgency: string
  /** answered: a report came for this date of a recurrence; overdue: passed while the task is open. */
  state: 'answered' | 'overdue' | 'open' | 'done'
}

/** Every due date falling in one month, for the month calendar. */
export async function monthCalendar(
  ctx: ServiceContext,
  input: { year: number; month: number },
): Promise<{ today: string; entries: CalendarEntry[] }> {
  const today = localToday(ctx.now())
  const from = isoDate(input.year, input.month, 1)
  const to = isoDate(input.year, input.month, new Date(Date.UTC(input.year, input.month, 0)).getUTCDate())
  const entries: CalendarEntry[] = []
  for (const t of await loadTaskViews(ctx)) {
    const answered = new Set(t.reports.map((r) => r.dueDate))
    // A recurrence counts only while its plan runs; a one-off date is shown wherever it falls.
    const [start, end] = t.deadline.kind === 'date' ? [from, to] : [maxIso(from, t.window.start), minIso(to, t.window.end)]
    for (const date of occurrences(t.deadline, start, end)) {
      // A report answers an occurrence of a recurrence; a one-off task stays open until it is done.
      const state =
        t.state === 'done' ? 'done' : t.deadline.kind !== 'date' && answered.has(date) ? 'answered' : date < today ? 'overdue' : 'open'
      entries.push({ date, taskId: t.id, planNumber: t.planNumber, seq: t.seq, content: t.content, leadAgency: t.leadAgency.name, state })
    }
  }
  entries.sort((a, b) => a.date.localeCompare(b.date) || a.planNumber.localeCompare(b.planNumber))
  return { today, entries }
}

const maxIso = (a: string, b: string) => (a > b ? a : b)
const minIso = (a: string, b: string) => (a < b ? a : b)
