import { useState } from 'react'
import type { Cycle, RestandardPreview } from '@shared/domain/reviews'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { CLASS_TEXT, Feedback, useAction, useLoad } from './util'

/**
 * Moves an open review to another standard (the one its data says, or one the province instructs):
 * the clerk previews how many cases change class, then confirms with a reason. One audited action.
 */
export function StandardMove({ cycle }: { cycle: Cycle }) {
  const standards = useLoad(() => call('standards.list', {}), [])
  const [standardId, setStandardId] = useState(cycle.expectedStandardId && cycle.standardWarning ? cycle.expectedStandardId : '')
  const [reason, setReason] = useState('')
  const [preview, setPreview] = useState<RestandardPreview | null>(null)
  const look = useAction()
  const move = useAction()
  const others = (standards.data ?? []).filter((s) => s.id !== cycle.standardId)
  return (
    <details className="standard-move" open={Boolean(cycle.standardWarning)}>
      <summary>{t('review.restandard.title')}</summary>
      <form
        aria-label={t('review.restandard.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void move.run(async () => {
            const r = await call('review.restandard', { year: cycle.year, standardId, reason })
            setPreview(null)
            return t('review.restandard.done', { standard: r.cycle.standardName, changed: r.preview.changed })
          })
        }}
      >
        {/* Stacked: the standards' names are long, and a grid column would stretch to the widest one. */}
        <div>
          <Field label={t('review.restandard.to')}>
            {(p) => (
              <select
                {...p}
                value={standardId}
                onChange={(e) => {
                  setStandardId(e.target.value)
                  setPreview(null)
                }}
              >
                <option value="">{t('review.restandard.choose')}</option>
                {others.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.legalBasis})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.restandard.reason')}>
            {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </div>
        <button
          type="button"
          disabled={!standardId || look.busy}
          onClick={() =>
            void look.run(async () => {
              setPreview(await call('review.restandardPreview', { year: cycle.year, standardId }))
              return null
            })
          }
        >
          {t('review.restandard.preview')}
        </button>
        <Feedback status={look.status} error={look.error} />
        {preview ? (
          <div aria-label={t('review.restandard.previewTitle')} role="region">
            <p className="bold">
              {t('review.restandard.summary', {
                reclassified: formatInt(preview.reclassified),
                changed: formatInt(preview.changed),
              })}
            </p>
            {preview.backToSurvey ? <p>{t('review.restandard.backToSurvey', { count: preview.backToSurvey })}</p> : null}
            {preview.newIndicators.length ? (
              <p>{t('review.restandard.newIndicators', { list: preview.newIndicators.join('; ') })}</p>
            ) : null}
            <ul>
              {preview.changes.slice(0, 100).map((c) => (
                <li key={c.caseId}>
                  {c.headName} ({c.code}): {CLASS_TEXT[c.from]} → {CLASS_TEXT[c.to]}
                </li>
              ))}
            </ul>
            <button type="submit" className="primary" disabled={move.busy}>
              {t('review.restandard.confirm', { standard: preview.toStandardName })}
            </button>
          </div>
        ) : null}
        <Feedback status={move.status} error={move.error} />
      </form>
    </details>
  )
}
