import { describe, expect, it } from 'vitest'
import { addDays, deadlineProblem, DeadlineSchema, describeDeadline, localToday, nextDue, occurrences } from '@shared/domain/deadline'
import { parseDeadlineText } from '@shared/domain/deadline-text'
import { dueBucket, taskStatus } from '@shared/domain/task-status'

const WINDOW = { start: '2021-12-06', end: '2025-12-31' }
const halfYearly = DeadlineSchema.parse({
  kind: 'half_yearly',
  dates: [
    { month: 12, day: 15 },
    { month: 6, day: 15 },
  ],
})

describe('deadlines as data', () => {
  it('lists the occurrences of a six-monthly recurrence in calendar order inside the window', () => {
    expect(occurrences(halfYearly, WINDOW.start, '2023-06-15')).toEqual(['2021-12-15', '2022-06-15', '2022-12-15', '2023-06-15'])
    expect(occurrences({ kind: 'yearly', month: 12, day: 15 }, '2025-12-16', '2026-12-31')).toEqual(['2026-12-15'])
    expect(occurrences({ kind: 'date', date: '2022-03-31' }, WINDOW.start, WINDOW.end)).toEqual(['2022-03-31'])
  })

  it('the open due date of a recurrence is the first one no report has answered', () => {
    expect(nextDue(halfYearly, WINDOW, new Set(), false)).toBe('2021-12-15')
    expect(nextDue(halfYearly, WINDOW, new Set(['2021-12-15', '2022-06-15']), false)).toBe('2022-12-15')
    const all = new Set(occurrences(halfYearly, WINDOW.start, WINDOW.end))
    expect(nextDue(halfYearly, WINDOW, all, false)).toBeNull()
    expect(nextDue({ kind: 'date', date: '2022-03-31' }, WINDOW, new Set(), true)).toBeNull()
  })

  it('refuses a recurrence that never falls due, with a message saying why', () => {
    const feb31 = DeadlineSchema.safeParse({ kind: 'yearly', month: 2, day: 31 })
    expect(feb31.success).toBe(false)
    expect(feb31.error?.issues[0]?.message).toMatch(/31\/02 không có trên lịch.*không bao giờ đến/)
    expect(DeadlineSchema.safeParse({ kind: 'yearly', month: 4, day: 31 }).error?.issues[0]?.message).toMatch(/tháng 4 có 30 ngày/)
    expect(DeadlineSchema.safeParse({ kind: 'yearly', month: 2, day: 29 }).error?.issues[0]?.message).toMatch(/năm nhuận/)
    const bad = DeadlineSchema.safeParse({
      kind: 'half_yearly',
      dates: [
        { month: 6, day: 15 },
        { month: 11, day: 31 },
      ],
    })
    expect(bad.error?.issues[0]?.path).toEqual(['dates', 1, 'day'])
    // A valid day that has no occurrence while the plan runs never falls due either.
    const late = deadlineProblem({ kind: 'yearly', month: 6, day: 15 }, { start: '2025-07-01', end: '2025-12-31' })
    expect(late?.message).toMatch(/không có hạn nào từ 01\/07\/2025 đến 31\/12\/2025/)
    expect(deadlineProblem({ kind: 'yearly', month: 12, day: 15 }, { start: '2025-07-01', end: '2025-12-31' })).toBeNull()
  })

  it('refuses a date before the plan', () => {
    expect(deadlineProblem({ kind: 'date', date: '2021-12-05' }, WINDOW)).toEqual({
      message: 'Thời hạn 05/12/2021 ở trước ngày ban hành kế hoạch (06/12/2021).',
      path: ['date'],
    })
    expect(deadlineProblem({ kind: 'date', date: '2021-12-06' }, WINDOW)).toBeNull()
  })

  it('describes deadlines the way plans write them', () => {
    expect(describeDeadline(halfYearly)).toBe('6 tháng: trước 15/06 và 15/12 hằng năm')
    expect(describeDeadline({ kind: 'yearly', month: 12, day: 15 })).toBe('Trước 15/12 hằng năm')
    expect(describeDeadline({ kind: 'date', date: '2026-06-30' })).toBe('30/06/2026')
  })

  it('derives overdue from the clock and never from what was typed', () => {
    expect(taskStatus('in_progress', '2026-06-14', '2026-06-15')).toBe('overdue')
    expect(taskStatus('not_started', '2026-06-15', '2026-06-15')).toBe('not_started')
    expect(taskStatus('done', '2020-01-01', '2026-06-15')).toBe('done')
    expect(dueBucket('2026-06-29', '2026-06-15', 14)).toBe('soon')
    expect(dueBucket('2026-06-30', '2026-06-15', 14)).toBe('later')
    expect(dueBucket('2026-06-14', '2026-06-15', 14)).toBe('overdue')
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08')
    // The office's day is Vietnam's: 17:30 UTC on 14 June is already 15 June in Hà Nội.
    expect(localToday(new Date('2026-06-14T17:30:00Z'))).toBe('2026-06-15')
  })
})

describe('deadline cells of a task annex', () => {
  it.each([
    ['31/12/2022', { kind: 'date', date: '2022-12-31' }],
    ['2026-06-30', { kind: 'date', date: '2026-06-30' }],
    ['Tháng 6/2023', { kind: 'date', date: '2023-06-30' }],
    ['Quý IV/2022', { kind: 'date', date: '2022-12-31' }],
    ['Năm 2024', { kind: 'date', date: '2024-12-31' }],
    ['Trước 15/12 hằng năm', { kind: 'yearly', month: 12, day: 15 }],
    [
      'Định kỳ 6 tháng (trước 15/6) và hằng năm (trước 15/12)',
      {
        kind: 'half_yearly',
        dates: [
          { month: 6, day: 15 },
          { month: 12, day: 15 },
        ],
      },
    ],
  ])('reads "%s"', (text, expected) => {
    expect(parseDeadlineText(text)).toEqual({ ok: true, deadline: expected })
  })

  it('never invents a day, and explains what to write', () => {
    for (const text of ['Thường xuyên', 'Hằng năm', '']) {
      const r = parseDeadlineText(text)
      expect(r.ok, text).toBe(false)
    }
    const r = parseDeadlineText('Thường xuyên')
    expect(!r.ok && r.message).toMatch(/chưa nêu ngày cụ thể.*Trước 15\/12 hằng năm/)
    const feb = parseDeadlineText('Trước 31/2 hằng năm')
    expect(!feb.ok && feb.message).toMatch(/không bao giờ đến/)
    expect(parseDeadlineText('30/02/2023')).toMatchObject({ ok: false, message: expect.stringMatching(/không có trên lịch/) })
  })
})
