import { addDays } from './deadline'
import type { TaskState, TaskStatus } from './plans'

/** Overdue is a fact about the clock, not something a clerk types: a task not done whose open due date has passed. */
export function taskStatus(state: TaskState, nextDue: string | null, today: string): TaskStatus {
  if (state === 'done') return 'done'
  if (nextDue !== null && nextDue < today) return 'overdue'
  return state
}

/** Whole days from `today` to `due` (both ISO dates). */
export function daysBetween(today: string, due: string): number {
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000)
}

export type DueBucket = 'overdue' | 'soon' | 'later'

/** Which list a task with an open due date goes in: overdue, due within `withinDays` (today included), or later. */
export function dueBucket(nextDue: string, today: string, withinDays: number): DueBucket {
  if (nextDue < today) return 'overdue'
  return nextDue <= addDays(today, withinDays) ? 'soon' : 'later'
}
