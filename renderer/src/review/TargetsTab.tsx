import { useState } from 'react'
import { TARGET_KINDS, TARGET_MEASURES } from '@shared/domain/reviews'
import { parseDecimal } from '@shared/text/format'
import { call } from '../api'
import { Field } from '../components/Field'
import { t, type MessageKey } from '../i18n'
import { TargetsChart } from './TargetsChart'
import { Feedback, useAction, useLoad } from './util'

/** Targets of the plan, per office or commune, and how the results compare (the chart the overview also shows). */
export function TargetsTab({ year }: { year: number }) {
  const progress = useLoad(() => call('targets.progress', {}), [], ['targets', 'reviews'])
  const units = useLoad(() => call('units.list', {}), [])
  const [f, setF] = useState({
    kind: 'rate_drop' as (typeof TARGET_KINDS)[number],
    measure: 'poor' as (typeof TARGET_MEASURES)[number],
    value: '',
    baseYear: '',
    fromYear: String(year),
    toYear: String(year),
    communeId: '',
  })
  const save = useAction()
  return (
    <>
      <h2>{t('review.targets.title')}</h2>
      <TargetsChart targets={progress.data ?? []} year={year} />
      <form
        aria-label={t('review.targets.add')}
        onSubmit={(e) => {
          e.preventDefault()
          void save.run(async () => {
            const saved = await call('targets.save', {
              kind: f.kind,
              measure: f.measure,
              // Not a number (words, "50%", blank): NaN, which main refuses with "Chỉ tiêu phải là số".
              value: parseDecimal(f.value) ?? NaN,
              baseYear: f.baseYear ? Number(f.baseYear) : null,
              fromYear: Number(f.fromYear),
              toYear: Number(f.toYear),
              communeId: f.communeId || null,
            })
            return saved.label
          })
        }}
      >
        <h3>{t('review.targets.add')}</h3>
        <div className="form-grid">
          <Field label={t('review.targets.kind')}>
            {(p) => (
              <select {...p} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as typeof f.kind })}>
                {TARGET_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`review.targets.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.targets.measure')}>
            {(p) => (
              <select {...p} value={f.measure} onChange={(e) => setF({ ...f, measure: e.target.value as typeof f.measure })}>
                {TARGET_MEASURES.map((k) => (
                  <option key={k} value={k}>
                    {t(`review.targets.measure.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('review.targets.scope')}>
            {(p) => (
              <select {...p} value={f.communeId} onChange={(e) => setF({ ...f, communeId: e.target.value })}>
                <option value="">{t('review.targets.office')}</option>
                {(units.data ?? [])
                  .filter((u) => u.kind === 'commune')
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('review.targets.value')}>
            {(p) => <input {...p} inputMode="decimal" value={f.value} onChange={(e) => setF({ ...f, value: e.target.value })} />}
          </Field>
          {f.kind === 'count_reduction' ? (
            <Field label={t('review.targets.baseYear')}>
              {(p) => <input {...p} inputMode="numeric" value={f.baseYear} onChange={(e) => setF({ ...f, baseYear: e.target.value })} />}
            </Field>
          ) : null}
          <Field label={t('review.targets.fromYear')}>
            {(p) => <input {...p} inputMode="numeric" value={f.fromYear} onChange={(e) => setF({ ...f, fromYear: e.target.value })} />}
          </Field>
          <Field label={t('review.targets.toYear')}>
            {(p) => <input {...p} inputMode="numeric" value={f.toYear} onChange={(e) => setF({ ...f, toYear: e.target.value })} />}
          </Field>
        </div>
        <button type="submit" disabled={save.busy}>
          {t('review.targets.add')}
        </button>
        <Feedback status={save.status} error={save.error} />
      </form>
    </>
  )
}
