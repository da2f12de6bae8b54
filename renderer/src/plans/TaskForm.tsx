import { useState } from 'react'
import type { Agency } from '@shared/domain/plans'
import type { AdminUnit } from '@shared/domain/units'
import { call } from '../api'
import { Field } from '../components/Field'
import { CheckboxList } from '../components/CheckboxList'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { DeadlineInput } from './DeadlineInput'
import { emptyDeadline, toDeadline } from './deadline-draft'
import { FormError } from '../components/FormError'

/** Adds a task to a plan: number, content, lead, coordinators (a lead cannot also coordinate), deadline, communes. */
export function TaskForm({
  planId,
  agencies,
  units,
  onAdded,
}: {
  planId: string
  agencies: Agency[]
  units: AdminUnit[]
  onAdded: () => void
}) {
  const [seq, setSeq] = useState('')
  const [content, setContent] = useState('')
  const [lead, setLead] = useState('')
  const [coordinators, setCoordinators] = useState<string[]>([])
  const [unitIds, setUnitIds] = useState<string[]>([])
  const [deadline, setDeadline] = useState(emptyDeadline)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const communes = units.filter((u) => u.kind === 'commune')

  const submit = async () => {
    setErrors(noErrors)
    try {
      await call('tasks.create', {
        planId,
        fields: { seq, content, leadAgencyId: lead, coordinatorIds: coordinators, deadline: toDeadline(deadline), unitIds },
      })
      setSeq('')
      setContent('')
      setCoordinators([])
      setUnitIds([])
      onAdded()
    } catch (e) {
      setErrors(toFormErrors(e, ['fields']))
    }
  }
  const coordError = Object.entries(errors.fields).find(([k]) => k.startsWith('coordinatorIds'))?.[1]
  return (
    <form
      className="task-form"
      aria-label={t('plans.task.add')}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="form-grid">
        <Field label={t('plans.task.seq')} error={errors.fields.seq}>
          {(p) => <input {...p} value={seq} onChange={(e) => setSeq(e.target.value)} />}
        </Field>
        <Field label={t('plans.task.lead')} error={errors.fields.leadAgencyId}>
          {(p) => (
            <select {...p} value={lead} onChange={(e) => setLead(e.target.value)}>
              <option value="">{t('plans.task.choose')}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('plans.task.content')} error={errors.fields.content}>
          {(p) => <textarea {...p} rows={2} value={content} onChange={(e) => setContent(e.target.value)} />}
        </Field>
        <CheckboxList
          label={t('plans.task.coordinators')}
          error={coordError}
          options={agencies.map((a) => ({ value: a.id, label: a.name }))}
          value={coordinators}
          onChange={setCoordinators}
        />
        <DeadlineInput value={deadline} onChange={setDeadline} errors={errors.fields} />
        {communes.length ? (
          <CheckboxList
            label={t('plans.task.units')}
            options={communes.map((u) => ({ value: u.id, label: u.name }))}
            value={unitIds}
            onChange={setUnitIds}
          />
        ) : null}
      </div>
      <FormError message={errors.form} />
      <div className="actions">
        <button type="submit" className="primary">
          {t('plans.task.add')}
        </button>
      </div>
    </form>
  )
}
