import { ApiError } from '@shared/contract/errors'
import { addDays, localToday } from '@shared/domain/deadline'
import { dueDistance, type TaskView } from '@shared/domain/plans'
import type { DocTable, OfficialDocument, Signer } from '@shared/print/document'
import { formatDate } from '@shared/text/format'
import { viCollator } from '@shared/text/fold'
import type { ServiceContext } from '../context'
import { getLetterhead } from '../letterhead'
import { dueTasks } from './due'

export interface UrgingInput {
  /** One agency, or null for a letter to every agency that leads an overdue or soon-due task. */
  agencyId: string | null
  withinDays: number
  number?: string | undefined
  signer?: Signer | undefined
  /** Days the agency is given to report back, counted from today. */
  replyWithinDays?: number | undefined
}

/**
 * Urging letters (công văn đôn đốc) in the Decree 30 layout: one per agency, listing the tasks it
 * leads that are overdue and those due within `withinDays` days. An agency with nothing to urge
 * gets no letter; asking for one such agency is refused with a message rather than an empty page.
 */
export async function urgingLetters(ctx: ServiceContext, input: UrgingInput): Promise<OfficialDocument[]> {
  // Place, agency and signer from Settings: the same on every document the office issues.
  const letterhead = await getLetterhead(ctx)
  const today = localToday(ctx.now())
  const lists = await dueTasks(ctx, { withinDays: input.withinDays })
  const byAgency = new Map<string, { name: string; overdue: TaskView[]; soon: TaskView[] }>()
  for (const [kind, tasks] of [['overdue', lists.overdue] as const, ['soon', lists.soon] as const]) {
    for (const t of tasks) {
      if (input.agencyId && t.leadAgency.id !== input.agencyId) continue
      const entry = byAgency.get(t.leadAgency.id) ?? { name: t.leadAgency.name, overdue: [], soon: [] }
      entry[kind].push(t)
      byAgency.set(t.leadAgency.id, entry)
    }
  }
  if (input.agencyId && !byAgency.size) {
    const agency = await ctx.store.db.selectFrom('agencies').select('name').where('id', '=', input.agencyId).executeTakeFirst()
    if (!agency) throw new ApiError('NOT_FOUND', 'Không tìm thấy cơ quan.', ['agencyId'])
    throw new ApiError('BAD_INPUT', `${agency.name} không chủ trì nhiệm vụ nào quá hạn hoặc đến hạn trong ${input.withinDays} ngày tới.`, [
      'agencyId',
    ])
  }
  if (!byAgency.size) throw new ApiError('BAD_INPUT', `Không có nhiệm vụ nào quá hạn hoặc đến hạn trong ${input.withinDays} ngày tới.`, [])
  const replyBy = addDays(today, input.replyWithinDays ?? 7)
  return [...byAgency.values()]
    .sort((a, b) => viCollator.compare(a.name, b.name))
    .map((a) => ({
      agency: letterhead.agency,
      place: letterhead.place,
      number: input.number ?? '',
      date: today,
      title: 'Đôn đốc thực hiện nhiệm vụ giảm nghèo bền vững',
      subtitle: `Kính gửi: ${a.name}`,
      orientation: 'portrait',
      body: [
        {
          kind: 'paragraph',
          text: `Theo dõi việc thực hiện các kế hoạch giảm nghèo bền vững, đến ngày ${formatDate(today)}, ${a.name} là cơ quan chủ trì của ${
            a.overdue.length
          } nhiệm vụ đã quá hạn và ${a.soon.length} nhiệm vụ đến hạn trong ${input.withinDays} ngày tới, cụ thể như sau:`,
        },
        ...(a.overdue.length
          ? [
              { kind: 'heading' as const, text: '1. Nhiệm vụ đã quá hạn' },
              { kind: 'table' as const, table: taskTable(a.overdue) },
            ]
          : []),
        ...(a.soon.length
          ? [
              { kind: 'heading' as const, text: `${a.overdue.length ? 2 : 1}. Nhiệm vụ đến hạn trong ${input.withinDays} ngày tới` },
              { kind: 'table' as const, table: taskTable(a.soon) },
            ]
          : []),
        {
          kind: 'paragraph',
          text: `Đề nghị ${a.name} khẩn trương chỉ đạo thực hiện các nhiệm vụ trên, phối hợp với các cơ quan liên quan và báo cáo kết quả thực hiện trước ngày ${formatDate(replyBy)}.`,
        },
        { kind: 'paragraph', text: 'Trân trọng./.' },
      ],
      recipients: ['Như trên', 'Lưu: VT'],
      signer: input.signer ?? letterhead.signer,
    }))
}

function taskTable(tasks: TaskView[]): DocTable {
  return {
    header: [[{ text: 'STT' }, { text: 'Nhiệm vụ' }, { text: 'Kế hoạch' }, { text: 'Thời hạn' }, { text: 'Tình trạng' }]],
    columns: [
      { kind: 'int', width: 5 },
      { kind: 'text', width: 48 },
      { kind: 'text', width: 16 },
      { kind: 'date', width: 12 },
      { kind: 'text', width: 15 },
    ],
    rows: tasks.map((t, i) => [i + 1, `${t.seq}. ${t.content}`, t.planNumber, t.nextDue, dueDistance(t)]),
  }
}
