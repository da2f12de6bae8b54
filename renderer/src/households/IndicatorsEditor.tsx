import type { IndicatorValue } from '@shared/domain/households'
import type { PovertyStandard } from '@shared/standards/schema'
import { t } from '../i18n'
import { setIndicator, type IndicatorDraft } from './form-model'

interface Props {
  standard: PovertyStandard
  /** The merged values (derived unless overridden), as the classification sees them. */
  merged: IndicatorValue[]
  value: Record<number, IndicatorDraft>
  onChange: (value: Record<number, IndicatorDraft>) => void
}

/**
 * The standard's indicators as checkboxes. Those the standard derives from members show the
 * derived value and are read-only unless the clerk ticks "Ghi đè" (an override is kept and audited).
 */
export function IndicatorsEditor({ standard, merged, value, onChange }: Props) {
  const set = (no: number, patch: Partial<IndicatorDraft>) => onChange(setIndicator(value, merged, no, patch))
  return (
    <fieldset className="indicators">
      <legend>{t('households.form.indicators')}</legend>
      <ul>
        {standard.indicators.map((ind) => {
          const m = merged.find((x) => x.no === ind.no)
          const derived = Boolean(ind.derive)
          const overridden = value[ind.no]?.override ?? false
          const checked = m?.deprived ?? false
          return (
            <li key={ind.no}>
              <label className="radio">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={derived && !overridden}
                  onChange={(e) => set(ind.no, { deprived: e.target.checked })}
                />
                {ind.no}. {ind.name}
              </label>
              {derived ? (
                <>
                  {m?.value && m.source === 'derived' ? (
                    <span className="muted"> — {t('households.form.derived', { value: m.value })}</span>
                  ) : null}{' '}
                  <label className="radio inline-check">
                    <input
                      type="checkbox"
                      checked={overridden}
                      onChange={(e) => set(ind.no, { override: e.target.checked, deprived: checked })}
                    />
                    {t('households.form.override')}
                    <span className="visually-hidden"> {ind.name}</span>
                  </label>
                </>
              ) : null}
            </li>
          )
        })}
      </ul>
    </fieldset>
  )
}
