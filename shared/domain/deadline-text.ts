import { fold } from '../text/fold'
import { DeadlineSchema, isoDate, isRealDate, type Deadline } from './deadline'

/**
 * Reads the "Thời hạn hoàn thành" cell of a plan's task annex. Wording varies, so this accepts the
 * forms plans actually use and refuses the rest with a message saying what to write instead:
 *  - a date: "31/12/2022", "2022-12-31" (an Excel date cell), "Tháng 6/2023", "Quý IV/2022", "Năm 2024";
 *  - a recurrence: "Trước 15/12 hằng năm" (one day-month), "Trước 15/6 và 15/12 hằng năm" (two).
 * "Thường xuyên" or "Hằng năm" alone name no day, and a day is never invented.
 */
export type DeadlineParse = { ok: true; deadline: Deadline } | { ok: false; message: string }

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 }
const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const

export function parseDeadlineText(raw: string): DeadlineParse {
  const text = fold(raw)
  if (!text) return { ok: false, message: 'Thiếu thời hạn.' }

  const full = [...text.matchAll(/(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)/g)]
  const iso = [...text.matchAll(/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g)]
  const dates = [
    ...full.map((m) => isoDate(Number(m[3]), Number(m[2]), Number(m[1]))),
    ...iso.map((m) => isoDate(Number(m[1]), Number(m[2]), Number(m[3]))),
  ]
  if (dates.length > 1) return { ok: false, message: `Có ${dates.length} ngày trong một thời hạn; mỗi nhiệm vụ chỉ có một thời hạn.` }
  if (dates.length === 1) {
    const date = dates[0]!
    return isRealDate(date) ? done({ kind: 'date', date }) : { ok: false, message: `Ngày "${raw.trim()}" không có trên lịch.` }
  }

  const month = /thang (\d{1,2})\s*(?:\/|nam)\s*(\d{4})/.exec(text)
  if (month) {
    const [m, y] = [Number(month[1]), Number(month[2])]
    if (m < 1 || m > 12) return { ok: false, message: `Tháng ${m} không có.` }
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
    return done({ kind: 'date', date: isoDate(y, m, last) })
  }
  const quarter = /quy (i{1,3}|iv|[1-4])\s*(?:\/|nam)\s*(\d{4})/.exec(text)
  if (quarter) {
    const q = ROMAN[quarter[1]!] ?? Number(quarter[1])
    return done({ kind: 'date', date: `${quarter[2]}-${QUARTER_END[q - 1]}` })
  }

  const dayMonths = [...text.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})(?![\d/])/g)].map((m) => ({ day: Number(m[1]), month: Number(m[2]) }))
  if (dayMonths.length === 1) return done({ kind: 'yearly', ...dayMonths[0]! })
  if (dayMonths.length === 2) return done({ kind: 'half_yearly', dates: [dayMonths[0]!, dayMonths[1]!] })
  if (dayMonths.length > 2) return { ok: false, message: 'Quá hai hạn trong năm; chỉ nhận hạn hằng năm hoặc 6 tháng.' }

  const year = /(?:^|nam |truoc )(\d{4})$/.exec(text) ?? /^(\d{4})$/.exec(text)
  if (year) return done({ kind: 'date', date: `${year[1]}-12-31` })

  return {
    ok: false,
    message: `Thời hạn "${raw.trim()}" chưa nêu ngày cụ thể. Ghi một ngày (31/12/2026) hoặc ngày trong năm, ví dụ "Trước 15/12 hằng năm" hay "Trước 15/6 và 15/12 hằng năm".`,
  }
}

function done(candidate: unknown): DeadlineParse {
  const r = DeadlineSchema.safeParse(candidate)
  return r.success ? { ok: true, deadline: r.data } : { ok: false, message: r.error.issues[0]?.message ?? 'Thời hạn không hợp lệ.' }
}
