import { useState } from 'react'
import { call } from '../api'
import { t } from '../i18n'
import { useLoad } from './util'

const WEEKDAYS = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN']

/** A month grid (weeks start on Monday) with every due date falling in it. */
export function CalendarTab({ today, onOpenTask }: { today: string; onOpenTask: (id: string) => void }) {
  const [ym, setYm] = useState({ year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) })
  const cal = useLoad(() => call('tasks.calendar', ym), [ym.year, ym.month], ['plans'])
  const move = (delta: number) => {
    const m = ym.month - 1 + delta
    setYm({ year: ym.year + Math.floor(m / 12), month: (((m % 12) + 12) % 12) + 1 })
  }
  const days = new Date(Date.UTC(ym.year, ym.month, 0)).getUTCDate()
  const lead = (new Date(Date.UTC(ym.year, ym.month - 1, 1)).getUTCDay() + 6) % 7
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)]
  while (cells.length % 7) cells.push(null)
  const iso = (d: number) => `${ym.year}-${String(ym.month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  return (
    <section>
      <div className="row">
        <button type="button" onClick={() => move(-1)}>
          {t('plans.calendar.prev')}
        </button>
        <h2>{t('plans.calendar.month', { month: ym.month, year: ym.year })}</h2>
        <button type="button" onClick={() => move(1)}>
          {t('plans.calendar.next')}
        </button>
      </div>
      <table className="calendar">
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w}>{w}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: cells.length / 7 }, (_, w) => (
            <tr key={w}>
              {cells.slice(w * 7, w * 7 + 7).map((d, i) => (
                <td key={i} className={d && iso(d) === cal.data?.today ? 'today' : undefined}>
                  {d ? <div className="day">{d}</div> : null}
                  {d
                    ? (cal.data?.entries ?? [])
                        .filter((e) => e.date === iso(d))
                        .map((e) => (
                          <button
                            key={`${e.taskId}-${e.date}`}
                            type="button"
                            className={`cal-entry cal-entry--${e.state}`}
                            onClick={() => onOpenTask(e.taskId)}
                          >
                            {e.planNumber} #{e.seq} {e.leadAgency}
                          </button>
                        ))
                    : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
