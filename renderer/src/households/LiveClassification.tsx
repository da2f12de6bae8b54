import type { ClassifyResult } from '@shared/standards/classify'
import type { PovertyStandard } from '@shared/standards/schema'
import { t } from '../i18n'
import { classBadge, classLabel } from './labels'

/** The class and its reasons, announced politely to screen readers as they change. */
export function LiveClassification({
  standard,
  result,
  year,
}: {
  standard: PovertyStandard | null
  result: ClassifyResult | null
  year: string
}) {
  return (
    <aside className="live-class" aria-labelledby="live-class-title">
      <h3 id="live-class-title">{t('households.live.title')}</h3>
      <div role="status" aria-live="polite" data-testid="live-class">
        {!standard ? (
          <p>{t('households.form.noStandard', { year })}</p>
        ) : !result ? (
          <p className="muted">{t('households.live.incomplete')}</p>
        ) : (
          <>
            <p>
              <span className={classBadge(result.class)}>{classLabel(result.class)}</span>
            </p>
            <ul className="reasons">
              {result.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
            <p className="muted">
              {t('households.live.standard', { name: standard.name })}
              {/* B1 is what a surveyor computes on paper form B1 in the review: the register has none to show. */}
              {` · ${t('households.live.scores', { b: result.scores.deprivation })}`}
            </p>
          </>
        )}
      </div>
    </aside>
  )
}
