import type { TaskStatus } from '@shared/domain/plans'
import { t, type MessageKey } from '../i18n'

export const STATUS_KEY: Record<TaskStatus, MessageKey> = {
  not_started: 'plans.status.not_started',
  in_progress: 'plans.status.in_progress',
  done: 'plans.status.done',
  overdue: 'plans.status.overdue',
}

// The pages' loader lives in the data layer; re-exported for the plan and review pages that import it here.
export { useLoad } from '../data/useQuery'

export function daysText(daysLeft: number | null): string {
  if (daysLeft === null) return ''
  if (daysLeft < 0) return t('plans.days.late', { days: -daysLeft })
  if (daysLeft === 0) return t('plans.days.today')
  return t('plans.days.left', { days: daysLeft })
}
