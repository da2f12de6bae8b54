import { useEffect, useState } from 'react'
import type { PovertyStandard, StandardOverride } from '@shared/standards/schema'
import { call } from '../api'
import { Field } from '../components/Field'
import { toFormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'
import { AREAS, lineErrors, toOverride, valuesOf, type Line } from './standard-values'

/**
 * Settings: the office's corrections of a standard's unconfirmed numbers (lines, average line,
 * near-poverty line, income score line). Saved through households.setStandardOverride (validated
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
        void save(toOverride(values))
      }}
    >
      <fieldset disabled={!canEdit} className="plain">
        <h3>
          {standard.name} ({standard.fromYear}–{standard.toYear})
        </h3>
        <div className="form-grid">
          {lines.flatMap((line) =>
            AREAS.map((a) => (
              <Field
                key={`${line}.${a}`}
                label={t(`households.std.${a}` as const, { what: t(`households.std.${line}` as MessageKey) })}
                error={errors[`${line}.${a}`]}
                hint={line === 'averageLine' && standard.averageLine.unconfirmed ? t('households.std.unconfirmed') : undefined}
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
