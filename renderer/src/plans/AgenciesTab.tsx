import { useState } from 'react'
import { AGENCY_KINDS, type AgencyFields, type AgencyKind } from '@shared/domain/plans'
import { call } from '../api'
import { Field } from '../components/Field'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'
import { TaskTable } from './TaskTable'
import { useLoad } from './util'
import { FormError } from '../components/FormError'

const EMPTY = { name: '', shortName: '', kind: 'department' as AgencyKind, contactPerson: '', phone: '', email: '', address: '' }
const KIND = (k: AgencyKind) => `plans.agency.kind.${k}` as MessageKey

/** The office's list of agencies with contact details, and a form to add one. */
export function AgenciesTab() {
  const agencies = useLoad(() => call('agencies.list', {}), [], ['agencies'])
  const [draft, setDraft] = useState<Required<AgencyFields>>(EMPTY)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const text = (key: Exclude<keyof typeof EMPTY, 'kind'>, label: MessageKey) => (
    <Field label={t(label)} error={errors.fields[key]}>
      {(p) => <input {...p} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />}
    </Field>
  )
  return (
    <section>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('plans.agency.name')}</th>
            <th>{t('plans.agency.kind')}</th>
            <th>{t('plans.agency.contactPerson')}</th>
            <th>{t('plans.agency.phone')}</th>
            <th>{t('plans.agency.email')}</th>
          </tr>
        </thead>
        <tbody>
          {(agencies.data ?? []).map((a) => (
            <tr key={a.id}>
              <td>
                {a.name}
                {a.shortName ? ` (${a.shortName})` : ''}
              </td>
              <td>{t(KIND(a.kind))}</td>
              <td>{a.contactPerson}</td>
              <td>{a.phone}</td>
              <td>{a.email}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('plans.agency.add')}</h3>
      <form
        aria-label={t('plans.agency.add')}
        onSubmit={(e) => {
          e.preventDefault()
          setErrors(noErrors)
          call('agencies.create', draft).then(
            () => {
              setDraft(EMPTY)
            },
            (err: unknown) => setErrors(toFormErrors(err)),
          )
        }}
      >
        <div className="form-grid">
          {text('name', 'plans.agency.name')}
          {text('shortName', 'plans.agency.shortName')}
          <Field label={t('plans.agency.kind')}>
            {(p) => (
              <select {...p} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as AgencyKind })}>
                {AGENCY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(KIND(k))}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('contactPerson', 'plans.agency.contactPerson')}
          {text('phone', 'plans.agency.phone')}
          {text('email', 'plans.agency.email')}
          {text('address', 'plans.agency.address')}
        </div>
        <FormError message={errors.form} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('plans.agency.add')}
          </button>
        </div>
      </form>
    </section>
  )
}

/** Tasks one agency leads and those it coordinates. */
export function AgencyTasksTab({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const agencies = useLoad(() => call('agencies.list', {}), [], ['agencies'])
  const [agencyId, setAgencyId] = useState('')
  const tasks = useLoad(async () => (agencyId ? call('tasks.byAgency', { agencyId }) : null), [agencyId], ['plans'])
  return (
    <section>
      <Field label={t('plans.agency.pick')}>
        {(p) => (
          <select {...p} value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="">{t('plans.task.choose')}</option>
            {(agencies.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {tasks.data ? (
        <>
          <h3>{t('plans.agency.leads', { count: tasks.data.lead.length })}</h3>
          <TaskTable tasks={tasks.data.lead} onOpen={onOpenTask} />
          <h3>{t('plans.agency.coordinates', { count: tasks.data.coordinating.length })}</h3>
          <TaskTable tasks={tasks.data.coordinating} onOpen={onOpenTask} />
        </>
      ) : null}
    </section>
  )
}
