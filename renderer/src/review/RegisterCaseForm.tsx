import { useState } from 'react'
import { LIST_BASIS_LABEL } from '@shared/domain/reviews'
import { call } from '../api'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { Feedback, useAction } from './util'
import { DateInput } from '../components/DateInput'

/**
 * A household of the register joins the year's list: by its application (form 01: date, who applied,
 * reason) or added by the clerk with a reason. Found by its code.
 */
export function RegisterCaseForm({ year, today }: { year: number; today: string }) {
  const [f, setF] = useState({ code: '', kind: 'application' as 'application' | 'added', appliedOn: '', applicantName: '', reason: '' })
  const add = useAction()
  return (
    <form
      aria-label={t('review.registerCase.title')}
      onSubmit={(e) => {
        e.preventDefault()
        void add.run(async () => {
          const found = await call('households.list', { search: f.code.trim(), sort: 'code', limit: 20 })
          const h = found.rows.find((r) => r.code.toLowerCase() === f.code.trim().toLowerCase())
          if (!h) throw new Error(t('review.registerCase.notFound', { code: f.code.trim() }))
          const c =
            f.kind === 'application'
              ? await call('review.addApplicant', {
                  year,
                  householdId: h.id,
                  appliedOn: f.appliedOn || today,
                  applicantName: f.applicantName,
                  reason: f.reason,
                })
              : await call('review.addCase', { year, householdId: h.id, reason: f.reason })
          return `${c.headName}: ${c.listBasis ? LIST_BASIS_LABEL[c.listBasis] : ''}`
        })
      }}
    >
      <h2>{t('review.registerCase.title')}</h2>
      <div className="form-grid">
        <Field label={t('review.registerCase.code')}>
          {(p) => <input {...p} value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} />}
        </Field>
        <Field label={t('review.registerCase.kind')}>
          {(p) => (
            <select {...p} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as typeof f.kind })}>
              <option value="application">{LIST_BASIS_LABEL.application}</option>
              <option value="added">{LIST_BASIS_LABEL.added}</option>
            </select>
          )}
        </Field>
        {f.kind === 'application' ? (
          <>
            <Field label={t('review.applicant.appliedOn')}>
              {(p) => <DateInput {...p} value={f.appliedOn || today} onChange={(v) => setF({ ...f, appliedOn: v })} />}
            </Field>
            <Field label={t('review.registerCase.applicantName')}>
              {(p) => <input {...p} value={f.applicantName} onChange={(e) => setF({ ...f, applicantName: e.target.value })} />}
            </Field>
          </>
        ) : null}
        <Field label={t('review.registerCase.reason')}>
          {(p) => <input {...p} value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} />}
        </Field>
      </div>
      <button type="submit" disabled={add.busy}>
        {t('review.registerCase.add')}
      </button>
      <Feedback status={add.status} error={add.error} />
    </form>
  )
}
