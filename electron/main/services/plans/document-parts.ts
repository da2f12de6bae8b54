import type { OfficialDocument, Signer } from '@shared/print/document'
import type { OfficeProfile } from '@shared/domain/office'
import type { TaskView } from '@shared/domain/plans'

/** The parts every document of this domain shares: the office as issuing agency, its place, the signer. */
export function letterhead(office: OfficeProfile): Pick<OfficialDocument, 'agency' | 'place'> {
  return { agency: [office.name], place: office.provinceName || office.name }
}

export const DEFAULT_SIGNER: Signer = { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: '' }

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
