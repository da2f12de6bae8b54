import { ReportParamsSchema } from '@shared/domain/reports'
import { closeContext, createContext } from '../../main/app-context'
import { documentHtml } from '../../main/export/print/html'
import { saveFile } from '../../main/services/files/atomic-save'
import { buildReportDocument } from '../../main/services/reports/build'
import { listReports } from '../../main/services/reports/catalogue'
import { writeDocument } from '../../main/services/reports/export'
import { UsageError, type Command } from '../command'

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
  async run({ values, positionals, dbPath }, io) {
    if (values.list) {
      for (const r of listReports()) io.out(`${r.id}\t${r.title}`)
      return 0
    }
    const kind = positionals[0]
    if (!kind) throw new UsageError('Thiếu tên báo cáo (xem "report --list")')
    const format = values.format as (typeof FORMATS)[number]
    if (!FORMATS.includes(format)) throw new UsageError('--format phải là xlsx, pdf hoặc html')
    if (typeof values.out !== 'string') throw new UsageError('Thiếu --out TỆP')
    if (!listReports().some((r) => r.id === kind)) {
      io.err(
        `Không có báo cáo "${kind}". Các báo cáo: ${listReports()
          .map((r) => r.id)
          .join(', ')}`,
      )
      return 2
    }
    const ctx = await createContext({ dbPath })
    try {
      let communeId: string | null = null
      if (typeof values.commune === 'string') {
        const unit = await ctx.store.db
          .selectFrom('admin_units')
          .select('id')
          .where('code', '=', values.commune)
          .where('kind', '=', 'commune')
          .executeTakeFirst()
        if (!unit) {
          io.err(`Không có xã/phường mã ${values.commune}.`)
          return 1
        }
        communeId = unit.id
      }
      const params = ReportParamsSchema.parse({
        year: Number(values.year ?? new Date().getFullYear()),
        period: values.period ?? 'year',
        communeId,
      })
      if (format === 'html') {
        // --out names the file: an existing one is replaced (atomically), as the other formats do.
        saveFile(values.out, documentHtml(await buildReportDocument(ctx, kind, params)), { overwrite: true })
      } else await writeDocument(ctx, await buildReportDocument(ctx, kind, params), format, values.out)
      io.out(values.out)
      return 0
    } finally {
      await closeContext(ctx)
    }
  },
}

export const reportCommands: Command[] = [report]
