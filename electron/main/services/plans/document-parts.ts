import type { TaskView } from '@shared/domain/plans'

// The agency, place and signer of this domain's documents are the office's letterhead (services/letterhead.ts).

export const STATUS_TEXT: Record<TaskView['status'], string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  overdue: 'Quá hạn',
}

/** "Quá hạn 12 ngày", "Đến hạn hôm nay", "Còn 5 ngày": how far a task is from its open due date. */
export function dueDistance(t: TaskView): string {
  if (t.daysLeft === null) return ''
  if (t.daysLeft < 0) return `Quá hạn ${-t.daysLeft} ngày`
  if (t.daysLeft === 0) return 'Đến hạn hôm nay'
  return `Còn ${t.daysLeft} ngày`
}
