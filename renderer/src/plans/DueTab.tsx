import { useState } from 'react'
import { formatDate } from '@shared/text/format'
import { call } from '../api'
import { Field } from '../components/Field'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'
import { DEFAULT_DOC_OPTIONS, docInput, SignerFields } from './SignerFields'
import { TaskTable } from './TaskTable'
import { useLoad } from './util'
import { FormError } from '../components/FormError'

/** The follow-up list: overdue, due within N days, later; and the urging letters for one agency or all. */
export function DueTab({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const [within, setWithin] = useState(14)
  const due = useLoad(() => call('tasks.due', { withinDays: within }), [within], ['plans'])
  const agencies = useLoad(() => call('agencies.list', {}), [], ['agencies'])
  const [agencyId, setAgencyId] = useState('')
  const [doc, setDoc] = useState(DEFAULT_DOC_OPTIONS)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const save = async () => {
    setStatus(null)
    setError(null)
    try {
      const r = await call('plans.urgingPdf', { agencyId: agencyId || null, withinDays: within, ...docInput(doc) })
      if (!r.cancelled) setStatus(t('plans.saved', { file: r.fileName, pages: r.pages }))
    } catch (e) {
      setError(toFormErrors(e).form)
    }
  }
  const d = due.data
  return (
    <section>
      <div className="row">
        <Field label={t('plans.due.within')}>
          {(p) => (
            <input
              {...p}
              type="number"
              min={1}
              max={366}
              value={within}
              onChange={(e) => setWithin(Math.max(1, Number(e.target.value) || 1))}
            />
          )}
        </Field>
        <button type="button" onClick={due.reload}>
          {t('plans.refresh')}
        </button>
        {d ? <span className="muted">{t('plans.today', { date: formatDate(d.today) })}</span> : null}
      </div>
      {due.error ? <div className="form-error">{due.error}</div> : null}
      {d ? (
        <>
          <h2 id="due-overdue">{t('plans.due.overdue', { count: d.overdue.length })}</h2>
          <TaskTable tasks={d.overdue} onOpen={onOpenTask} />
          <h2 id="due-soon">{t('plans.due.soon', { days: d.withinDays, count: d.soon.length })}</h2>
          <TaskTable tasks={d.soon} onOpen={onOpenTask} />
          <h2 id="due-later">{t('plans.due.later', { count: d.later.length })}</h2>
          <TaskTable tasks={d.later} onOpen={onOpenTask} />
        </>
      ) : null}
      <h2>{t('plans.urge.title')}</h2>
      <form
        aria-label={t('plans.urge.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field label={t('plans.urge.agency')}>
          {(p) => (
            <select {...p} value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
              <option value="">{t('plans.urge.all')}</option>
              {(agencies.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SignerFields value={doc} onChange={setDoc} />
        <FormError message={error} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('plans.urge.save')}
          </button>
          {status ? <span role="status">{status}</span> : null}
        </div>
      </form>
    </section>
  )
}
