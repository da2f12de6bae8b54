import type { TaskView } from '@shared/domain/plans'
import { formatDate } from '@shared/text/format'
import { t } from '../i18n'
import { daysText, STATUS_KEY } from './util'

/** Tasks as a table; the number opens the task's follow-up panel. */
export function TaskTable({ tasks, onOpen, showPlan = true }: { tasks: TaskView[]; onOpen: (id: string) => void; showPlan?: boolean }) {
  if (!tasks.length) return <p className="muted">{t('plans.none')}</p>
  return (
    <table className="grid">
      <thead>
        <tr>
          <th>{t('plans.col.seq')}</th>
          {showPlan ? <th>{t('plans.col.plan')}</th> : null}
          <th>{t('plans.col.content')}</th>
          <th>{t('plans.col.lead')}</th>
          <th>{t('plans.col.coordinators')}</th>
          <th>{t('plans.col.deadline')}</th>
          <th>{t('plans.col.nextDue')}</th>
          <th>{t('plans.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} data-task={task.seq} className={`status-${task.status}`}>
            <td>
              <button
                type="button"
                className="link"
                onClick={() => onOpen(task.id)}
                aria-label={`${t('plans.col.seq')} ${task.seq}: ${task.content}`}
              >
                {task.seq}
              </button>
            </td>
            {showPlan ? <td>{task.planNumber}</td> : null}
            <td>{task.content}</td>
            <td>{task.leadAgency.name}</td>
            <td>{task.coordinators.map((c) => c.name).join(', ')}</td>
            <td>{task.deadlineText}</td>
            <td>
              {task.nextDue ? formatDate(task.nextDue) : ''} <span className="muted">{daysText(task.daysLeft)}</span>
            </td>
            <td>
              <span className={`badge badge--${task.status}`}>{t(STATUS_KEY[task.status])}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
