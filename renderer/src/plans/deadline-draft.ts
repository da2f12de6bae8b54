import type { Deadline } from '@shared/domain/deadline'

/** A deadline as the task form holds it: the kind, an ISO date, and day-months as typed ("15/12"). */
export interface DeadlineDraft {
  kind: Deadline['kind']
  date: string
  first: string
  second: string
}

export const emptyDeadline: DeadlineDraft = { kind: 'date', date: '', first: '15/12', second: '15/06' }

/** "15/12" → {month: 12, day: 15}; anything else is passed on for main to refuse with its message. */
export function dayMonth(text: string): { month: number; day: number } {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(text)
  return m ? { day: Number(m[1]), month: Number(m[2]) } : { day: 0, month: 0 }
}

export function toDeadline(d: DeadlineDraft): Deadline {
  if (d.kind === 'date') return { kind: 'date', date: d.date }
  if (d.kind === 'yearly') return { kind: 'yearly', ...dayMonth(d.first) }
  return { kind: 'half_yearly', dates: [dayMonth(d.second), dayMonth(d.first)] }
}
