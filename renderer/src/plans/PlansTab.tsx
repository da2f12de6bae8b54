import { useState } from 'react'
import { formatDate } from '@shared/text/format'
import { call } from '../api'
import { t } from '../i18n'
import { ImportAnnex } from './ImportAnnex'
import { PlanForm } from './PlanForm'
import { TaskForm } from './TaskForm'
import { TaskTable } from './TaskTable'
import { useLoad } from './util'

/** Plans by date, a form for a new one, and one plan with its tasks, a task form and the annex import. */
export function PlansTab({ onOpenTask }: { onOpenTask: (id: string) => void }) {
  const [openId, setOpenId] = useState<string | null>(null)
  const plans = useLoad(() => call('plans.list', {}), [], ['plans'])
  const detail = useLoad(async () => (openId ? call('plans.get', { id: openId }) : null), [openId], ['plans'])
  const lists = useLoad(() => Promise.all([call('agencies.list', {}), call('units.list', {})]), [], ['agencies', 'units'])

  if (openId && detail.data) {
    const { plan, tasks } = detail.data
    return (
      <section>
        <button type="button" className="link" onClick={() => setOpenId(null)}>
          {t('plans.plan.back')}
        </button>
        <h2>{t('plans.plan.heading', { number: plan.number, date: formatDate(plan.issuedOn), title: plan.title })}</h2>
        <p className="muted">
          {plan.issuer} · {plan.periodFrom}–{plan.periodTo}
          {plan.implements ? ` · ${plan.implements}` : ''}
          {plan.originalLocation ? ` · ${t('plans.plan.originalLocation')}: ${plan.originalLocation}` : ''}
        </p>
        {plan.targets ? <p>{plan.targets}</p> : null}
        <TaskTable tasks={tasks} onOpen={onOpenTask} showPlan={false} />
        <ImportAnnex planId={plan.id} onDone={detail.reload} />
        <h3>{t('plans.task.add')}</h3>
        {lists.data ? <TaskForm planId={plan.id} agencies={lists.data[0]} units={lists.data[1]} onAdded={detail.reload} /> : null}
      </section>
    )
  }
  return (
    <section>
      <ul className="plan-list">
        {(plans.data ?? []).map((p) => (
          <li key={p.id}>
            <button type="button" className="link" onClick={() => setOpenId(p.id)}>
              {p.number}
            </button>{' '}
            {formatDate(p.issuedOn)} — {p.title}{' '}
            <span className={p.overdueCount ? 'badge badge--overdue' : 'muted'}>
              {t('plans.plan.tasks', { count: p.taskCount, overdue: p.overdueCount })}
            </span>
          </li>
        ))}
      </ul>
      <h3>{t('plans.plan.add')}</h3>
      <PlanForm
        onCreated={(id) => {
          setOpenId(id)
        }}
      />
    </section>
  )
}
