import { z } from 'zod'

/**
 * A task's deadline: one date, or a recurrence as data ("every year before 15 December", "every six
 * months, before 15 June and 15 December"). Occurrences are computed by pure functions here, so the
 * app, the CLI, the reports and the tests agree on what is due when.
 */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD')
  .refine(isRealDate, 'Ngày không có thật trên lịch')

/** Days in each month of a common year. 29 February is refused: it falls due only one year in four. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** Adds an issue when the month-day does not exist every year (31/02, 31/04, 29/02). */
function checkMonthDay(md: { month: number; day: number }, ctx: z.RefinementCtx, path: (string | number)[]): void {
  const max = DAYS_IN_MONTH[md.month - 1] ?? 0
  if (md.day > max) {
    const why =
      md.month === 2 && md.day === 29
        ? 'Ngày 29/02 chỉ có trong năm nhuận, nên ba năm trong bốn năm hạn này không đến; hãy chọn 28/02 hoặc 01/03.'
        : `Ngày ${md.day}/${String(md.month).padStart(2, '0')} không có trên lịch (tháng ${md.month} có ${max} ngày), nên hạn này không bao giờ đến.`
    ctx.addIssue({ code: 'custom', message: why, path: [...path, 'day'] })
  }
}

const monthDayShape = {
  month: z.number().int().min(1, 'Tháng từ 1 đến 12').max(12, 'Tháng từ 1 đến 12'),
  day: z.number().int().min(1, 'Ngày từ 1 đến 31').max(31, 'Ngày từ 1 đến 31'),
}

export const MonthDaySchema = z
  .object(monthDayShape)
  .strict()
  .superRefine((md, ctx) => checkMonthDay(md, ctx, []))
export type MonthDay = z.infer<typeof MonthDaySchema>

export const DeadlineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: IsoDateSchema }).strict(),
  z
    .object({ kind: z.literal('yearly'), ...monthDayShape })
    .strict()
    .superRefine((d, ctx) => checkMonthDay(d, ctx, [])),
  z
    .object({ kind: z.literal('half_yearly'), dates: z.tuple([MonthDaySchema, MonthDaySchema]) })
    .strict()
    .superRefine((d, ctx) => {
      if (d.dates[0].month === d.dates[1].month && d.dates[0].day === d.dates[1].day) {
        ctx.addIssue({ code: 'custom', message: 'Hai hạn trong năm phải khác nhau.', path: ['dates', 1] })
      }
    }),
])
export type Deadline = z.infer<typeof DeadlineSchema>

export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999 ("0099-06-15" was not a date).
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

export function isoDate(y: number, month: number, day: number): string {
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** ISO date `days` days after `iso` (negative goes back). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** Today's date at the office. Vietnam has one time zone (UTC+7) and no daylight saving. */
export function localToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10)
}

/** The month-days a recurrence falls on each year, in calendar order. */
function monthDays(d: Exclude<Deadline, { kind: 'date' }>): MonthDay[] {
  const list = d.kind === 'yearly' ? [{ month: d.month, day: d.day }] : [...d.dates]
  return list.sort((a, b) => a.month - b.month || a.day - b.day)
}

/** Every date the deadline falls on in [from, to] (ISO, inclusive), in order. */
export function occurrences(deadline: Deadline, from: string, to: string): string[] {
  if (deadline.kind === 'date') return deadline.date >= from && deadline.date <= to ? [deadline.date] : []
  const out: string[] = []
  const mds = monthDays(deadline)
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const md of mds) {
      const iso = isoDate(y, md.month, md.day)
      if (iso >= from && iso <= to) out.push(iso)
    }
  }
  return out
}

/** The window a task's deadline runs in: from the plan's date to the end of its last year. */
export interface TaskWindow {
  start: string
  end: string
}

/**
 * The due date still open: a one-off date until the task is done; for a recurrence, the first
 * occurrence in the plan's window that no report has answered. Null when nothing is left to do.
 */
export function nextDue(deadline: Deadline, window: TaskWindow, answered: ReadonlySet<string>, done: boolean): string | null {
  if (done) return null
  if (deadline.kind === 'date') return deadline.date
  return occurrences(deadline, window.start, window.end).find((d) => !answered.has(d)) ?? null
}

/**
 * Why a deadline cannot be used in a plan, or null when it can: a date before the plan's date, or a
 * recurrence that has no occurrence while the plan runs. Paths are relative to the deadline.
 */
export function deadlineProblem(deadline: Deadline, window: TaskWindow): { message: string; path: string[] } | null {
  if (deadline.kind === 'date') {
    if (deadline.date < window.start) {
      return { message: `Thời hạn ${viDate(deadline.date)} ở trước ngày ban hành kế hoạch (${viDate(window.start)}).`, path: ['date'] }
    }
    return null
  }
  if (occurrences(deadline, window.start, window.end).length === 0) {
    return {
      message: `Lịch lặp lại "${describeDeadline(deadline)}" không có hạn nào từ ${viDate(window.start)} đến ${viDate(window.end)}, nên không bao giờ đến hạn.`,
      path: [],
    }
  }
  return null
}

function viDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

function dm(md: MonthDay): string {
  return `${String(md.day).padStart(2, '0')}/${String(md.month).padStart(2, '0')}`
}

/** "31/12/2022", "Trước 15/12 hằng năm", "6 tháng: trước 15/06 và 15/12 hằng năm". */
export function describeDeadline(d: Deadline): string {
  if (d.kind === 'date') return viDate(d.date)
  if (d.kind === 'yearly') return `Trước ${dm(d)} hằng năm`
  const [a, b] = monthDays(d) as [MonthDay, MonthDay]
  return `6 tháng: trước ${dm(a)} và ${dm(b)} hằng năm`
}
