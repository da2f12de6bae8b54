import type { Period } from '@shared/domain/reports'
import { UsageError, type Command } from '../command'
import { withRouter } from '../router'

const FORMATS = ['xlsx', 'pdf', 'html'] as const

const report: Command = {
  name: ['report'],
  usage: 'report KIND --year Y [--period H1|year] [--commune CODE] --format xlsx|pdf|html --out FILE   |   report --list',
  summary: 'Lập một báo cáo trong danh mục ra tệp',
  options: {
    list: { type: 'boolean' },
    year: { type: 'string' },
    period: { type: 'string' },
    commune: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  // The window's export: --out answers its save dialog.
  channels: ['reports.list', 'units.list', 'reports.export'],
  async run({ values, positionals, dbPath }, io) {
    if (values.list) {
      return withRouter(dbPath, io, {}, async ({ call }) => {
        for (const r of await call('reports.list', {})) io.out(`${r.id}\t${r.title}`)
        return 0
      })
    }
    const kind = positionals[0]
    if (!kind) throw new UsageError('Thiếu tên báo cáo (xem "report --list")')
    const format = values.format as (typeof FORMATS)[number]
    if (!FORMATS.includes(format)) throw new UsageError('--format phải là xlsx, pdf hoặc html')
    const out = values.out
    if (typeof out !== 'string') throw new UsageError('Thiếu --out TỆP')
    return withRouter(dbPath, io, { save: out }, async ({ call }) => {
      const reports = await call('reports.list', {})
      if (!reports.some((r) => r.id === kind)) {
        io.err(`Không có báo cáo "${kind}". Các báo cáo: ${reports.map((r) => r.id).join(', ')}`)
        return 2
      }
      let communeId: string | null = null
      if (typeof values.commune === 'string') {
        const unit = (await call('units.list', {})).find((u) => u.kind === 'commune' && u.code === values.commune)
        if (!unit) {
          io.err(`Không có xã/phường mã ${values.commune}.`)
          return 1
        }
        communeId = unit.id
      }
      // --out names the file: an existing one is replaced (atomically), as the save dialog would after asking.
      await call('reports.export', {
        id: kind,
        params: { year: Number(values.year ?? new Date().getFullYear()), period: (values.period ?? 'year') as Period, communeId },
        format,
      })
      io.out(out)
      return 0
    })
  },
}

export const reportCommands: Command[] = [report]
