import type { TaskView } from '@shared/domain/plans'

// The agency, place and signer of this domain's documents are the office's letterhead (services/letterhead.ts).

export const STATUS_TEXT: Record<TaskView['status'], string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  overdue: 'Quá hạn',
}
