import { useState } from 'react'
import { GROUP_LABEL, MOVEMENT_GROUPS, MOVEMENT_REASONS, type MovementGroup, type MovementRow } from '@shared/domain/reviews'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { t } from '../i18n'
import { CLASS_TEXT, Feedback, useAction } from './util'

type Cell = {
  group: MovementGroup
  cell: 'start' | 'end' | 'entered' | 'left'
  reason: string | null
  communeId: string | null
  label: string
}

/** Forms 2 and 3 on screen: each figure is a button listing the households behind it. */
export function MovementsTab({ year }: { year: number }) {
  const [from, setFrom] = useState(year - 1)
  const [to, setTo] = useState(year)
  const [rows, setRows] = useState<MovementRow[] | null>(null)
  const [cell, setCell] = useState<Cell | null>(null)
  const [list, setList] = useState<{ headName: string; code: string; communeName: string; start: string | null; end: string | null }[]>([])
  const load = useAction()
  const [communeIds, setCommuneIds] = useState(new Map<string, string>())
  // The review that sets the end year's figures: while it is open they are not final.
  const [openReview, setOpenReview] = useState<number | null>(null)
  const show = () =>
    void load.run(async () => {
      const [r, units, status] = await Promise.all([
        call('movements.get', { from: { year: from }, to: { year: to } }),
        call('units.list', {}),
        call('review.status', { year: to }),
      ])
      setCommuneIds(new Map(units.filter((u) => u.kind === 'commune').map((u) => [u.code || u.id, u.id])))
      setOpenReview(status.cycle?.state === 'open' ? to : null)
      setRows(r)
      setCell(null)
      return null
    })
  const open = (c: Cell) =>
    void load.run(async () => {
      setCell(c)
      setList(
        await call('movements.households', {
          from: { year: from },
          to: { year: to },
          group: c.group,
          cell: c.cell,
          reason: c.reason,
          communeId: c.communeId,
        }),
      )
      return null
    })
  return (
    <>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault()
          show()
        }}
      >
        <label>
          {t('review.movements.from')}
          <input type="number" value={from} onChange={(e) => setFrom(Number(e.target.value))} />
        </label>
        <label>
          {t('review.movements.to')}
          <input type="number" value={to} onChange={(e) => setTo(Number(e.target.value))} />
        </label>
        <button type="submit" className="primary">
          {t('review.movements.show')}
        </button>
      </form>
      <Feedback status={null} error={load.error} />
      {rows && openReview !== null ? (
        <p className="notice" role="note">
          {t('review.movements.provisional', { year: openReview })}
        </p>
      ) : null}
      {rows
        ? MOVEMENT_GROUPS.map((group) => {
            const reasons = MOVEMENT_REASONS[group]
            const mine = rows.filter((r) => r.group === group && r.unit === 'households')
            const btn = (n: number, c: Omit<Cell, 'group'>) => (
              <button type="button" className="link" disabled={n === 0} onClick={() => open({ ...c, group })}>
                {formatInt(n)}
              </button>
            )
            return (
              <table key={group} className="grid" aria-label={GROUP_LABEL[group]}>
                <caption>{GROUP_LABEL[group]}</caption>
                <thead>
                  <tr>
                    <th>{t('review.col.unit')}</th>
                    <th>{t('review.movements.start')}</th>
                    {reasons.left.map((r) => (
                      <th key={`l${r.key}`}>
                        {t('review.movements.left')}: {r.label}
                      </th>
                    ))}
                    {reasons.entered.map((r) => (
                      <th key={`e${r.key}`}>
                        {t('review.movements.entered')}: {r.label}
                      </th>
                    ))}
                    <th>{t('review.movements.end')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((r) => {
                    const communeId = r.commune === null ? null : (communeIds.get(r.commune) ?? null)
                    const where = r.communeName
                    return (
                      <tr key={r.commune ?? 'total'} className={r.commune === null ? 'bold' : undefined}>
                        <td>{where}</td>
                        <td className="num">
                          {btn(r.start, { cell: 'start', reason: null, communeId, label: `${where} — ${t('review.movements.start')}` })}
                        </td>
                        {reasons.left.map((x) => (
                          <td key={x.key} className="num">
                            {btn(r.left[x.key] ?? 0, { cell: 'left', reason: x.key, communeId, label: `${where} — ${x.label}` })}
                          </td>
                        ))}
                        {reasons.entered.map((x) => (
                          <td key={x.key} className="num">
                            {btn(r.entered[x.key] ?? 0, { cell: 'entered', reason: x.key, communeId, label: `${where} — ${x.label}` })}
                          </td>
                        ))}
                        <td className="num">
                          {btn(r.end, { cell: 'end', reason: null, communeId, label: `${where} — ${t('review.movements.end')}` })}
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            )
          })
        : null}
      {cell ? (
        <section aria-label={cell.label}>
          <h3>{t('review.movements.households', { label: `${GROUP_LABEL[cell.group]} — ${cell.label}`, count: list.length })}</h3>
          <ul>
            {list.map((h) => (
              <li key={h.code}>
                {h.headName} ({h.code}, {h.communeName}): {h.start ? CLASS_TEXT[h.start as keyof typeof CLASS_TEXT] : '—'} →{' '}
                {h.end ? CLASS_TEXT[h.end as keyof typeof CLASS_TEXT] : '—'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
