import { localToday } from '@shared/domain/deadline'
import type { TaskView } from '@shared/domain/plans'
import type { Cell, DocTable, OfficialDocument, Signer } from '@shared/print/document'
import { formatDate } from '@shared/text/format'
import type { ServiceContext } from '../context'
import { getLetterhead } from '../letterhead'
import { STATUS_TEXT } from './document-parts'
import { loadTaskViews } from './task-views'

export interface TaskResultsInput {
  year: number
  /** The six-month report (due before 15 June) or the annual one (before 15 December). */
  period: 'H1' | 'year'
  number?: string | undefined
  signer?: Signer | undefined
}

/**
 * The task-results report for a six-month or annual period: every task of the plans in force that
 * year, grouped by plan, with its lead and coordinating agencies, deadline, status and result.
 * Status is the one on the day the report is made (ctx.now()), which is the day it is signed.
 * Registered in the report catalogue by the reports domain.
 */
export async function taskResultsReport(ctx: ServiceContext, input: TaskResultsInput): Promise<OfficialDocument> {
  // Place, agency and signer from Settings: the same on every document the office issues.
  const letterhead = await getLetterhead(ctx)
  const today = localToday(ctx.now())
  const from = `${input.year}-01-01`
  const to = input.period === 'H1' ? `${input.year}-06-30` : `${input.year}-12-31`
  const plans = await ctx.store.db
    .selectFrom('plans')
    .selectAll()
    .where('period_from', '<=', input.year)
    .where('period_to', '>=', input.year)
    .where('issued_on', '<=', to)
    .orderBy('issued_on')
    .orderBy('number')
    .execute()
  const tasks = await loadTaskViews(ctx)
  const rows: Cell[][] = []
  const boldRows: number[] = []
  const counts = { total: 0, done: 0, in_progress: 0, not_started: 0, overdue: 0 }
  plans.forEach((p, i) => {
    boldRows.push(rows.length)
    rows.push([roman(i + 1), `Kế hoạch số ${p.number} ngày ${formatDate(p.issued_on)} của ${p.issuer}: ${p.title}`, '', '', '', '', ''])
    for (const t of tasks.filter((x) => x.planId === p.id)) {
      counts.total++
      counts[t.status]++
      rows.push([
        t.seq,
        t.content,
        t.leadAgency.name,
        t.coordinators.map((c) => c.name).join(', '),
        t.deadline.kind === 'date' ? t.deadline.date : t.deadlineText,
        statusCell(t),
        resultCell(t, from, to),
      ])
    }
  })
  const periodName = input.period === 'H1' ? `6 tháng đầu năm ${input.year}` : `năm ${input.year}`
  const table: DocTable = {
    header: [
      [
        { text: 'STT' },
        { text: 'Nhiệm vụ' },
        { text: 'Cơ quan chủ trì' },
        { text: 'Cơ quan phối hợp' },
        { text: 'Thời hạn' },
        { text: 'Tình trạng' },
        { text: 'Kết quả thực hiện' },
      ],
    ],
    columns: [
      { kind: 'text', width: 6 },
      { kind: 'text', width: 40 },
      { kind: 'text', width: 18 },
      { kind: 'text', width: 20 },
      { kind: 'date', width: 13 },
      { kind: 'text', width: 14 },
      { kind: 'text', width: 40 },
    ],
    rows,
    boldRows,
  }
  return {
    agency: letterhead.agency,
    place: letterhead.place,
    number: input.number ?? '',
    date: today,
    title: `Báo cáo kết quả thực hiện nhiệm vụ giảm nghèo bền vững ${periodName}`,
    subtitle: `Tình trạng tính đến ngày ${formatDate(today)}`,
    orientation: 'landscape',
    body: [
      {
        kind: 'paragraph',
        text: `Trong ${periodName}, ${plans.length} kế hoạch đang thực hiện với ${counts.total} nhiệm vụ: ${counts.done} đã hoàn thành, ${counts.in_progress} đang thực hiện, ${counts.not_started} chưa thực hiện và ${counts.overdue} quá hạn. Kết quả từng nhiệm vụ như sau:`,
      },
      { kind: 'table', table },
    ],
    recipients: ['UBND tỉnh (báo cáo)', 'Sở Nông nghiệp và Môi trường', 'Lưu: VT'],
    signer: input.signer ?? letterhead.signer,
  }
}

function statusCell(t: TaskView): string {
  if (t.status === 'done' && t.completedOn) return `${STATUS_TEXT.done} (${formatDate(t.completedOn)})`
  return STATUS_TEXT[t.status]
}

/** The result as typed, then each report received in the period (late ones marked), then the latest progress note. */
function resultCell(t: TaskView, from: string, to: string): string {
  const parts: string[] = []
  if (t.result) parts.push(t.result)
  for (const r of t.reports.filter((x) => x.receivedOn >= from && x.receivedOn <= to)) {
    parts.push(`${r.agencyName} báo cáo ngày ${formatDate(r.receivedOn)}${r.onTime ? '' : ' (chậm)'}: ${r.summary}`)
  }
  const note = t.progress.filter((p) => p.onDate >= from && p.onDate <= to).at(-1)
  if (note) parts.push(`${formatDate(note.onDate)}: ${note.note}`)
  return parts.join('\n')
}

function roman(n: number): string {
  const table: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ]
  let out = ''
  for (const [v, s] of table) {
    while (n >= v) {
      n -= v
      out += s
    }
  }
  return out
}
