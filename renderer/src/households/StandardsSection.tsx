import { useEffect, useState } from 'react'
import type { PovertyStandard, StandardOverride } from '@shared/standards/schema'
import { call } from '../api'
import { Field } from '../components/Field'
import { toFormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'
import { inForceYears } from '@shared/standards'
import { AREAS, lineErrors, toOverride, valuesOf, wordingOf, wordingOverride, type Line } from './standard-values'

/**
 * Settings: the office's corrections of a standard's unconfirmed values (lines, average line,
 * near-poverty line, B1 thresholds, and the wording of indicators flagged unconfirmed). Saved through households.setStandardOverride (validated
 * and audited by main); "restore" removes the correction.
 */
export function StandardsSection({ canEdit }: { canEdit: boolean }) {
  const [standards, setStandards] = useState<PovertyStandard[]>([])
  useEffect(() => {
    void call('households.standards', {}).then(setStandards)
  }, [])
  return (
    <section aria-labelledby="standards-title">
      <h2 id="standards-title">{t('households.std.title')}</h2>
      <p className="muted">{t('households.std.intro')}</p>
      {standards.map((s) => (
        <StandardForm
          key={s.id}
          standard={s}
          canEdit={canEdit}
          onSaved={(next) => setStandards((all) => all.map((x) => (x.id === next.id ? next : x)))}
        />
      ))}
    </section>
  )
}

function StandardForm({
  standard,
  canEdit,
  onSaved,
}: {
  standard: PovertyStandard
  canEdit: boolean
  onSaved: (s: PovertyStandard) => void
}) {
  const [values, setValues] = useState(() => valuesOf(standard))
  const [wording, setWording] = useState(() => wordingOf(standard))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [status, setStatus] = useState<string | null>(null)
  const lines = Object.keys(values) as Line[]

  // Restoring sends no typed value, so only saving checks them: a typo must not block "restore".
  const save = async (override: StandardOverride | null) => {
    setStatus(null)
    const found = override ? lineErrors(values) : {}
    setErrors(found)
    if (Object.keys(found).length) return
    try {
      const next = await call('households.setStandardOverride', { standardId: standard.id, override })
      setValues(valuesOf(next))
      setWording(wordingOf(next))
      onSaved(next)
      setStatus(t('households.std.saved', { name: standard.name }))
    } catch (e) {
      const f = toFormErrors(e, ['override'])
      setErrors(f.fields)
      setStatus(f.form)
    }
  }
  return (
    <form
      className="standard-form"
      onSubmit={(e) => {
        e.preventDefault()
        const indicators = wordingOverride(wording)
        void save({ ...toOverride(values), ...(indicators ? { indicators } : {}) })
      }}
    >
      <fieldset disabled={!canEdit} className="plain">
        <h3>
          {standard.name} ({inForceYears(standard)})
        </h3>
        <p className="muted">
          {t('households.std.period', {
            basis: standard.legalBasis,
            from: standard.annualReviews.from,
            to: standard.annualReviews.to,
          })}
        </p>
        <div className="form-grid">
          {lines.flatMap((line) =>
            AREAS.map((a) => (
              <Field
                key={`${line}.${a}`}
                label={t(`households.std.${a}` as const, { what: t(`households.std.${line}` as MessageKey) })}
                error={errors[`${line}.${a}`]}
                hint={lineHint(standard, line)}
              >
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={values[line]![a]}
                    onChange={(e) => setValues((v) => ({ ...v, [line]: { ...v[line]!, [a]: e.target.value } }))}
                  />
                )}
              </Field>
            )),
          )}
        </div>
        {Object.entries(wording).map(([no, w]) => (
          <div className="form-grid" key={no}>
            <Field
              label={t('households.std.indicatorName', { no })}
              hint={t('households.std.unconfirmed')}
              error={errors[`indicators.${no}.name`]}
            >
              {(p) => <input {...p} value={w.name} onChange={(e) => setWording((v) => ({ ...v, [no]: { ...w, name: e.target.value } }))} />}
            </Field>
            <Field label={t('households.std.indicatorCondition', { no })} error={errors[`indicators.${no}.condition`]}>
              {(p) => (
                <input
                  {...p}
                  value={w.condition}
                  onChange={(e) => setWording((v) => ({ ...v, [no]: { ...w, condition: e.target.value } }))}
                />
              )}
            </Field>
          </div>
        ))}
        <div className="actions">
          <button type="submit">{t('common.save')}</button>
          <button type="button" onClick={() => void save(null)}>
            {t('households.std.restore')}
          </button>
          {status ? <span role="status">{status}</span> : null}
        </div>
      </fieldset>
    </form>
  )
}

/** "chưa xác nhận" next to a value the data flags; "chưa có" for a band or threshold the data leaves out. */
function lineHint(standard: PovertyStandard, line: Line): string | undefined {
  if (line === 'averageLine') {
    if (!standard.averageLine) return t('households.std.missing')
    return standard.averageLine.unconfirmed ? t('households.std.unconfirmed') : undefined
  }
  if (line === 'incomeScoreLine' && standard.scores) {
    if (!standard.scores.incomeScoreLine) return t('households.std.missing')
    return standard.scores.unconfirmed ? t('households.std.unconfirmed') : undefined
  }
  return undefined
}
