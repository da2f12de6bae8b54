import { useId, useState } from 'react'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { Button } from '../components/Button'
import { t } from '../i18n'
import { useLoad } from './util'

const PAGE_SIZE = 20

/**
 * Choosing one household of the register, however large: a search (no accents needed; main folds
 * the text, as the register's own search does) and pages of results, one radio button each. The
 * `<select>` this replaces held the first 500 households by name and no others.
 */
export function HouseholdPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const id = useId()
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(0)
  const found = useLoad(
    () => call('households.list', { search: query.trim(), offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    [query, page],
    ['households'],
  )
  const rows = found.data?.rows ?? []
  const total = found.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  return (
    <fieldset className="field household-picker">
      <legend>{t('review.ongoing.household')}</legend>
      <label htmlFor={`${id}-q`}>{t('review.picker.search')}</label>
      <input
        id={`${id}-q`}
        type="search"
        aria-describedby={`${id}-hint`}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setPage(0)
        }}
      />
      <div className="field__hint" id={`${id}-hint`}>
        {t('review.cases.searchHint')}
      </div>
      <div role="radiogroup" aria-label={t('review.picker.results')}>
        {rows.map((h) => (
          <label key={h.id} className="radio">
            <input type="radio" name={`${id}-household`} checked={value === h.id} onChange={() => onChange(h.id)} />
            {h.headName} ({h.code}) — {h.unitName}
          </label>
        ))}
      </div>
      {found.data && rows.length === 0 ? <p className="muted">{t('review.cases.none')}</p> : null}
      {total > PAGE_SIZE ? (
        <div className="pager">
          <Button disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('review.cases.prev')}
          </Button>
          <span aria-live="polite">
            {t(found.data?.totalCapped ? 'review.picker.shownCapped' : 'review.cases.shown', {
              from: formatInt(page * PAGE_SIZE + 1),
              to: formatInt(Math.min(total, (page + 1) * PAGE_SIZE)),
              total: formatInt(total),
            })}
          </span>
          <Button disabled={page >= pages - 1 && !found.data?.totalCapped} onClick={() => setPage(page + 1)}>
            {t('review.cases.next')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  )
}
