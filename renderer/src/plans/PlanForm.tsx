import { useState } from 'react'
import type { PlanFields } from '@shared/domain/plans'
import { call } from '../api'
import { DateInput } from '../components/DateInput'
import { Field } from '../components/Field'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'
import { FormError } from '../components/FormError'

type Draft = { [K in keyof PlanFields]-?: string }
const EMPTY: Draft = {
  number: '',
  issuedOn: '',
  issuer: '',
  title: '',
  periodFrom: '',
  periodTo: '',
  implements: '',
  targets: '',
  originalLocation: '',
}

/** A new plan: number and symbol, date, issuer, title, period, the document it implements, targets, where the original is. */
export function PlanForm({ onCreated }: { onCreated: (id: string) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const submit = async () => {
    setErrors(noErrors)
    try {
      const plan = await call('plans.create', { ...draft, periodFrom: Number(draft.periodFrom), periodTo: Number(draft.periodTo) })
      setDraft(EMPTY)
      onCreated(plan.id)
    } catch (e) {
      setErrors(toFormErrors(e))
    }
  }
  const input = (key: keyof Draft, label: MessageKey, type = 'text') => (
    <Field label={t(label)} error={errors.fields[key]}>
      {(p) =>
        type === 'date' ? (
          <DateInput {...p} value={draft[key]} onChange={(v) => setDraft({ ...draft, [key]: v })} />
        ) : key === 'targets' || key === 'title' ? (
          <textarea {...p} rows={2} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
        ) : (
          <input {...p} type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
        )
      }
    </Field>
  )
  return (
    <form
      aria-label={t('plans.plan.add')}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="form-grid">
        {input('number', 'plans.plan.number')}
        {input('issuedOn', 'plans.plan.issuedOn', 'date')}
        {input('issuer', 'plans.plan.issuer')}
        {input('title', 'plans.plan.title')}
        {input('periodFrom', 'plans.plan.periodFrom', 'number')}
        {input('periodTo', 'plans.plan.periodTo', 'number')}
        {input('implements', 'plans.plan.implements')}
        {input('targets', 'plans.plan.targets')}
        {input('originalLocation', 'plans.plan.originalLocation')}
      </div>
      <FormError message={errors.form} />
      <div className="actions">
        <button type="submit" className="primary">
          {t('plans.plan.add')}
        </button>
      </div>
    </form>
  )
}
