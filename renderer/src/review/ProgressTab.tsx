import { useState } from 'react'
import type { ReviewStatus } from '@shared/domain/reviews'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { DecisionFields } from './DecisionFields'
import { t } from '../i18n'
import { Feedback, useAction } from './util'

/** Progress per commune and village, then the chair's decision that approves and locks the year. */
export function ProgressTab({ year, status, today }: { year: number; status: ReviewStatus | null; today: string }) {
  const [decision, setDecision] = useState({ decisionNumber: '', decisionDate: '' })
  const approve = useAction()
  // Approving the year is the approver's act: a clerk sees the form, read-only, and why.
  const cannotApprove = useAccess()('review.approve')
  const certs = useAction()
  if (!status?.cycle) return null
  const cycle = status.cycle
  return (
    <>
      {/* Ruled, padded, figures right-aligned under their heads: unpadded, the heads ran into each other. */}
      <table className="grid progress-table" aria-label={t('review.tab.progress')}>
        <thead>
          <tr>
            {(['unit', 'total', 'surveyed', 'met', 'posted', 'approved', 'redo'] as const).map((c) => (
              <th key={c} className={c === 'unit' ? undefined : 'num'}>
                {t(`review.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {status.rows.map((r) => (
            <tr key={r.unitId ?? 'total'} data-unit={r.name} className={r.level === 'village' ? undefined : 'bold'}>
              <td className={r.level === 'village' ? 'indent' : undefined}>{r.name}</td>
              {[r.total, r.surveyed, r.met, r.posted, r.approved, r.redo].map((n, i) => (
                <td key={i} className="num">
                  {formatInt(n)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {cycle.state === 'open' ? (
        <form
          aria-label={t('review.approve.title')}
          onSubmit={(e) => {
            e.preventDefault()
            void approve.run(async () => {
              await call('review.approve', { year, decisionNumber: decision.decisionNumber, decisionDate: decision.decisionDate || today })
              return t('review.approved', { year })
            })
          }}
        >
          <h2>{t('review.approve.title')}</h2>
          <fieldset disabled={Boolean(cannotApprove)} className="plain">
            <DecisionFields value={decision} today={today} onChange={setDecision} />
          </fieldset>
          <Button type="submit" variant="primary" busy={approve.busy} disabledReason={cannotApprove}>
            {t('review.approve')}
          </Button>
          <Feedback status={approve.status} error={approve.error} />
        </form>
      ) : (
        <>
          <Feedback status={approve.status} error={null} />
          <button
            type="button"
            disabled={certs.busy}
            onClick={() =>
              void certs.run(async () => {
                const r = await call('review.certificatesPdf', { year })
                return r.cancelled ? null : t('review.saved', { file: r.fileName, pages: r.pages })
              })
            }
          >
            {t('review.certificates')}
          </button>
          <Feedback status={certs.status} error={certs.error} />
        </>
      )}
    </>
  )
}
