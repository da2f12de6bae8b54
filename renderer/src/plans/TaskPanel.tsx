import { useState } from 'react'
import type { TaskView } from '@shared/domain/plans'
import { formatDate } from '@shared/text/format'
import { call } from '../api'
import { Drawer } from '../components/Drawer'
import { Field } from '../components/Field'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { daysText, STATUS_KEY, useLoad } from './util'
import { FormError } from '../components/FormError'
import { DateInput } from '../components/DateInput'

/** One task's follow-up: dated progress notes, the agency's reports, completion with its result. */
export function TaskPanel({ taskId, today, onClose }: { taskId: string; today: string; onClose: () => void }) {
  const { data: task, reload } = useLoad(() => call('tasks.get', { id: taskId }), [taskId], ['plans'])
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [progress, setProgress] = useState({ onDate: today, note: '' })
  const [report, setReport] = useState({ receivedOn: today, summary: '' })
  const [completion, setCompletion] = useState({ completedOn: today, result: '' })

  const run = async (f: () => Promise<TaskView>, reset: () => void) => {
    setErrors(noErrors)
    try {
      await f()
      reset()
      reload()
    } catch (e) {
      setErrors(toFormErrors(e))
    }
  }
  if (!task) return null
  return (
    <Drawer label={`${t('plans.col.content')} ${task.seq}`} onClose={onClose}>
      <div className="row">
        <h2>
          {task.planNumber} — {task.seq}. {task.content}
        </h2>
        <button type="button" onClick={onClose}>
          {t('plans.detail.close')}
        </button>
      </div>
      <p>
        {task.leadAgency.name} · {task.deadlineText} · <span className={`badge badge--${task.status}`}>{t(STATUS_KEY[task.status])}</span>{' '}
        {task.nextDue ? `${formatDate(task.nextDue)} (${daysText(task.daysLeft)})` : ''}
      </p>
      <FormError message={errors.form} />

      <h3>{t('plans.detail.progress')}</h3>
      <ul>
        {task.progress.map((p) => (
          <li key={p.id}>
            {formatDate(p.onDate)}: {p.note}
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          void run(
            () => call('tasks.addProgress', { taskId, ...progress }),
            () => setProgress({ onDate: today, note: '' }),
          )
        }}
      >
        <Field label={t('plans.detail.onDate')} error={errors.fields.onDate}>
          {(p) => <DateInput {...p} value={progress.onDate} onChange={(v) => setProgress({ ...progress, onDate: v })} />}
        </Field>
        <Field label={t('plans.detail.note')} error={errors.fields.note}>
          {(p) => <input {...p} value={progress.note} onChange={(e) => setProgress({ ...progress, note: e.target.value })} />}
        </Field>
        <button type="submit">{t('plans.detail.addProgress')}</button>
      </form>

      <h3>{t('plans.detail.reports')}</h3>
      <ul>
        {task.reports.map((r) => (
          <li key={r.id}>
            {formatDate(r.receivedOn)} — {r.agencyName} ({t('plans.detail.reportFor')} {formatDate(r.dueDate)},{' '}
            {r.onTime ? t('plans.detail.onTime') : t('plans.detail.late')}): {r.summary}
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          void run(
            () => call('tasks.addReport', { taskId, ...report }),
            () => setReport({ receivedOn: today, summary: '' }),
          )
        }}
      >
        <Field label={t('plans.detail.receivedOn')} error={errors.fields.receivedOn ?? errors.fields.dueDate}>
          {(p) => <DateInput {...p} value={report.receivedOn} onChange={(v) => setReport({ ...report, receivedOn: v })} />}
        </Field>
        <Field label={t('plans.detail.summary')} error={errors.fields.summary}>
          {(p) => <input {...p} value={report.summary} onChange={(e) => setReport({ ...report, summary: e.target.value })} />}
        </Field>
        <button type="submit">{t('plans.detail.addReport')}</button>
      </form>

      <h3>{t('plans.detail.result')}</h3>
      {task.state === 'done' ? (
        <p>
          {task.completedOn ? formatDate(task.completedOn) : ''}: {task.result}{' '}
          <button
            type="button"
            onClick={() =>
              void run(
                () => call('tasks.reopen', { taskId }),
                () => undefined,
              )
            }
          >
            {t('plans.detail.reopen')}
          </button>
        </p>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            void run(
              () => call('tasks.complete', { taskId, ...completion }),
              () => undefined,
            )
          }}
        >
          <Field label={t('plans.detail.completedOn')} error={errors.fields.completedOn}>
            {(p) => <DateInput {...p} value={completion.completedOn} onChange={(v) => setCompletion({ ...completion, completedOn: v })} />}
          </Field>
          <Field label={t('plans.detail.result')} error={errors.fields.result}>
            {(p) => <input {...p} value={completion.result} onChange={(e) => setCompletion({ ...completion, result: e.target.value })} />}
          </Field>
          <button type="submit">{t('plans.detail.complete')}</button>
        </form>
      )}
    </Drawer>
  )
}
