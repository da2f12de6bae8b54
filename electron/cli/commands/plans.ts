import { dueDistance, type PlanFields, type TaskView } from '@shared/domain/plans'
import { formatDate, parseViDate } from '@shared/text/format'

import { UsageError, type Command } from '../command'
import { withRouter } from '../router'

const importCommand: Command = {
  name: ['plans', 'import'],
  usage: 'plans import TỆP --number SỐ [--date DD/MM/YYYY --title T --issuer CQ --period 2021-2025] [--create-agencies] [--skip-bad-rows]',
  summary: 'Nhập phụ lục nhiệm vụ (Excel/CSV) vào kế hoạch có số đó, hoặc tạo kế hoạch mới',
  options: {
    number: { type: 'string' },
    date: { type: 'string' },
    title: { type: 'string' },
    issuer: { type: 'string' },
    period: { type: 'string' },
    'create-agencies': { type: 'boolean' },
    'skip-bad-rows': { type: 'boolean' },
  },
  // As the window does: pick (read and preview, nothing written), then commit what was previewed.
  channels: ['plans.importPick', 'plans.list', 'plans.importCommit'],
  async run({ values, positionals, dbPath }, io) {
    const file = positionals[0]
    if (!file) throw new UsageError('Thiếu tên tệp phụ lục')
    if (typeof values.number !== 'string') throw new UsageError('Thiếu --number (số, ký hiệu kế hoạch, ví dụ 200/KH-UBND)')
    const number = values.number
    const issuedOn = typeof values.date === 'string' ? parseViDate(values.date) : null
    if (typeof values.date === 'string' && !issuedOn) throw new UsageError('--date phải có dạng DD/MM/YYYY')
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const preview = await call('plans.importPick', {})
      // The command line named the file: the pick is never cancelled.
      if (preview.cancelled) return 1
      for (const e of preview.errors) io.err(`Dòng ${e.row}${e.column ? `, cột "${e.column}"` : ''}: ${e.message}`)
      if (preview.errors.length && !values['skip-bad-rows']) {
        io.err(`${preview.errors.length} dòng có lỗi; chưa ghi gì. Sửa tệp, hoặc thêm --skip-bad-rows để chỉ nhập các dòng đúng.`)
        return 1
      }
      if (preview.unknownAgencies.length && !values['create-agencies']) {
        io.err(`Các cơ quan chưa có trong danh mục: ${preview.unknownAgencies.join('; ')}.`)
        io.err('Chưa ghi gì. Thêm --create-agencies để tạo mới đúng các cơ quan này, hoặc sửa tên trong tệp.')
        return 1
      }
      const existing = (await call('plans.list', {})).filter((p) => p.number === number && (issuedOn === null || p.issuedOn === issuedOn))
      if (existing.length > 1) throw new UsageError('Có nhiều kế hoạch cùng số; thêm --date để chọn')
      let target: { planId: string } | { plan: PlanFields }
      if (existing[0]) target = { planId: existing[0].id }
      else {
        const period = /^(\d{4})\s*-\s*(\d{4})$/.exec(String(values.period ?? ''))
        if (!issuedOn || typeof values.title !== 'string' || typeof values.issuer !== 'string' || !period) {
          throw new UsageError(`Chưa có kế hoạch ${number}: cần --date, --title, --issuer và --period để tạo mới`)
        }
        // Created with its tasks in one step: a refused task leaves no empty plan behind.
        target = {
          plan: {
            number,
            issuedOn,
            title: values.title,
            issuer: values.issuer,
            periodFrom: Number(period[1]),
            periodTo: Number(period[2]),
          },
        }
      }
      const result = await call('plans.importCommit', { ...target, token: preview.token, createAgencies: preview.unknownAgencies })
      for (const name of result.agenciesCreated) io.out(`Đã thêm cơ quan: ${name}`)
      io.out(`Đã nhập ${result.tasksCreated} nhiệm vụ vào kế hoạch ${number} từ ${preview.fileName}.`)
      return 0
    })
  },
}

const dueCommand: Command = {
  name: ['tasks', 'due'],
  usage: 'tasks due [--within NGÀY] [--json]',
  summary: 'Nhiệm vụ quá hạn và đến hạn trong N ngày tới (mặc định 14)',
  options: { within: { type: 'string' }, json: { type: 'boolean' } },
  channels: ['tasks.due'],
  async run({ values, dbPath }, io) {
    const within = values.within === undefined ? 14 : Number(values.within)
    if (!Number.isInteger(within) || within < 1 || within > 366) throw new UsageError('--within là số ngày từ 1 đến 366')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const lists = await call('tasks.due', { withinDays: within })
      if (values.json) {
        const brief = (t: TaskView) => ({
          plan: t.planNumber,
          seq: t.seq,
          content: t.content,
          lead: t.leadAgency.name,
          coordinators: t.coordinators.map((c) => c.name),
          due: t.nextDue,
          daysLeft: t.daysLeft,
          status: t.status,
        })
        io.out(
          JSON.stringify(
            { today: lists.today, withinDays: within, overdue: lists.overdue.map(brief), soon: lists.soon.map(brief) },
            null,
            2,
          ),
        )
        return 0
      }
      io.out(
        `Hôm nay ${formatDate(lists.today)}: ${lists.overdue.length} nhiệm vụ quá hạn, ${lists.soon.length} đến hạn trong ${within} ngày tới.`,
      )
      for (const [title, tasks] of [
        ['Quá hạn', lists.overdue],
        [`Đến hạn trong ${within} ngày`, lists.soon],
      ] as const) {
        if (!tasks.length) continue
        io.out('')
        io.out(`${title}:`)
        for (const t of tasks)
          io.out(`  ${formatDate(t.nextDue!)}  ${t.planNumber} #${t.seq}  ${t.leadAgency.name} — ${t.content} (${dueDistance(t)})`)
      }
      return 0
    })
  },
}

/** CLI commands of the domain: plans, agencies, tasks. */
export const planCommands: Command[] = [importCommand, dueCommand]
