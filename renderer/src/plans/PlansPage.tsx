import { useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import { call } from '../api'
import { t, type MessageKey } from '../i18n'
import { AgenciesTab, AgencyTasksTab } from './AgenciesTab'
import { CalendarTab } from './CalendarTab'
import { DueTab } from './DueTab'
import { PlansTab } from './PlansTab'
import { ReportTab } from './ReportTab'
import { TaskPanel } from './TaskPanel'
import { useLoad } from './util'

const TABS = ['due', 'plans', 'agency', 'calendar', 'agencies', 'report'] as const
type Tab = (typeof TABS)[number]

/**
 * Plans and task assignments: what is due (the follow-up list and urging letters), the plans with
 * their tasks and annex import, tasks by agency, a month calendar, the agency list and the
 * six-month/annual report. "Today" comes from main's clock, never the browser's.
 */
export function PlansPage(_props: { office: OfficeProfile }) {
  const [tab, setTab] = useState<Tab>('due')
  const [taskId, setTaskId] = useState<string | null>(null)
  const today = useLoad(async () => (await call('tasks.due', { withinDays: 14 })).today, [])
  return (
    <section>
      <h1>{t('plans.title')}</h1>
      <div role="tablist" className="tabs">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
            {t(`plans.tab.${id}` as MessageKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'due' ? <DueTab onOpenTask={setTaskId} /> : null}
        {tab === 'plans' ? <PlansTab onOpenTask={setTaskId} /> : null}
        {tab === 'agency' ? <AgencyTasksTab onOpenTask={setTaskId} /> : null}
        {tab === 'calendar' && today.data ? <CalendarTab today={today.data} onOpenTask={setTaskId} /> : null}
        {tab === 'agencies' ? <AgenciesTab /> : null}
        {tab === 'report' && today.data ? <ReportTab today={today.data} /> : null}
      </div>
      {taskId && today.data ? <TaskPanel key={taskId} taskId={taskId} today={today.data} onClose={() => setTaskId(null)} /> : null}
    </section>
  )
}
