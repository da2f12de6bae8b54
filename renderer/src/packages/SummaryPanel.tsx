import { useEffect, useState } from 'react'
import type { ConsolidatedSummary } from '@shared/domain/packages'
import { call } from '../api'
import { TableView } from '../components/DocumentView'
import { Field } from '../components/Field'
import { t } from '../i18n'

/**
 * Province side: the catalogue's results summary with one row per office (the same document the
 * reports page prints), and the citizen IDs two offices both list, to settle with those offices.
 */
export function SummaryPanel({ reload }: { reload: number }) {
  const [year, setYear] = useState<number | null>(null)
  const [data, setData] = useState<ConsolidatedSummary | null>(null)
  useEffect(() => {
    void call('packages.summary', year === null ? {} : { year }).then(setData)
  }, [reload, year])
  const tables = data?.document.body.flatMap((b) => (b.kind === 'table' ? [b.table] : [])) ?? []
  const hasRows = tables.some((tb) => tb.rows.length > 1)
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t('packages.summary.title')}</h2>
      <Field label={t('packages.summary.year')}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={2000}
            max={2100}
            value={year ?? data?.year ?? ''}
            onChange={(e) => setYear(e.target.value ? Number(e.target.value) : null)}
          />
        )}
      </Field>
      {!hasRows ? <p className="muted">{t('packages.summary.none')}</p> : tables.map((tb, i) => <TableView key={i} table={tb} />)}
      {data && data.sharedCitizenIds.length > 0 ? (
        <>
          <h3>{t('packages.summary.shared', { count: data.sharedCitizenIds.length })}</h3>
          <p className="muted">{t('packages.summary.sharedHint')}</p>
          <ul>
            {data.sharedCitizenIds.map((s) => (
              <li key={s.citizenId}>
                {s.citizenId}: {s.households.map((h) => `${h.officeCode} ${h.code} (${h.headName})`).join('; ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
