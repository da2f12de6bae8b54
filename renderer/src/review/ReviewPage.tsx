import { useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import { listsYearOf } from '@shared/reviews/rules'
import { formatDate } from '@shared/text/format'
import { call } from '../api'
import { t, type MessageKey } from '../i18n'
import { CasesTab } from './CasesTab'
import { MeetingTab } from './MeetingTab'
import { MovementsTab } from './MovementsTab'
import { OngoingTab } from './OngoingTab'
import { ProgressTab } from './ProgressTab'
import { StandardMove } from './StandardMove'
import { TargetsTab } from './TargetsTab'
import { Feedback, useAction, useLoad } from './util'

const TABS = ['progress', 'cases', 'meeting', 'ongoing', 'movements', 'targets'] as const
type Tab = (typeof TABS)[number]

/** The annual review of one year (survey → meeting → posting → approval), the ongoing review, movements and targets. */
export function ReviewPage(_props: { office: OfficeProfile }) {
  const today = useLoad(() => call('review.today', {}), [])
  const [year, setYear] = useState<number | null>(null)
  const shownYear = year ?? Number((today.data?.date ?? '2025').slice(0, 4))
  const [tab, setTab] = useState<Tab>('progress')
  const status = useLoad(() => call('review.status', { year: shownYear }), [shownYear], ['reviews'])
  const open = useAction()
  const cycle = status.data?.cycle ?? null
  // Which standard opening the year's review will take, as the standards' data says (annualReviews).
  const standards = useLoad(() => call('standards.list', {}), [])
  const upcoming = (standards.data ?? []).find((s) => s.annualReviews.from <= shownYear && shownYear <= s.annualReviews.to)
  return (
    <section>
      <h1>{t('review.title')}</h1>
      <div className="toolbar">
        <label>
          {t('review.year')}
          <input type="number" min={2000} max={2100} value={shownYear} onChange={(e) => setYear(Number(e.target.value))} />
        </label>
        {status.data && !cycle ? (
          <button
            type="button"
            className="primary"
            disabled={open.busy}
            onClick={() =>
              void open.run(async () => {
                await call('review.open', { year: shownYear })
                return null
              })
            }
          >
            {t('review.open')}
          </button>
        ) : null}
      </div>
      <Feedback status={open.status} error={open.error} />
      {cycle ? (
        <p>
          {t('review.cycle', {
            year: cycle.year,
            standard: cycle.standardName,
            state:
              cycle.state === 'open'
                ? t('review.state.open')
                : t('review.state.approved', { number: cycle.decisionNumber ?? '', date: formatDate(cycle.decisionDate ?? '') }),
          })}
        </p>
      ) : status.data ? (
        <p>{t('review.notOpen', { year: shownYear })}</p>
      ) : null}
      {cycle ? (
        <>
          <p className="muted" aria-label={t('review.standardBasis')}>
            {cycle.standardBasis}
          </p>
          {cycle.standardWarning ? (
            <p className="notice" role="alert">
              {cycle.standardWarning}
            </p>
          ) : null}
          {cycle.state === 'open' ? <StandardMove key={`${cycle.year}-${cycle.standardId}`} cycle={cycle} /> : null}
        </>
      ) : status.data && upcoming ? (
        <p className="muted">
          {t('review.willUse', { year: shownYear, lists: listsYearOf(shownYear), standard: `${upcoming.name}, ${upcoming.legalBasis}` })}
        </p>
      ) : null}
      <div role="tablist" className="tabs">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
            {t(`review.tab.${id}` as MessageKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'progress' ? <ProgressTab year={shownYear} status={status.data} today={today.data?.date ?? ''} /> : null}
        {tab === 'cases' && cycle ? <CasesTab year={shownYear} today={today.data?.date ?? ''} /> : null}
        {tab === 'meeting' && cycle ? <MeetingTab year={shownYear} today={today.data?.date ?? ''} /> : null}
        {tab === 'ongoing' ? <OngoingTab year={shownYear} today={today.data?.date ?? ''} /> : null}
        {tab === 'movements' ? <MovementsTab year={shownYear} /> : null}
        {tab === 'targets' ? <TargetsTab year={shownYear} /> : null}
      </div>
    </section>
  )
}
