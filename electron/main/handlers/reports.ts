import { basename } from 'node:path'
import { unsupported } from '@shared/contract/errors'
import type { reportChannels } from '@shared/contract/reports'
import { documentHtml } from '../export/print/html'
import { buildReportDocument } from '../services/reports/build'
import { listReports } from '../services/reports/catalogue'
import { exportReport, suggestedFileName } from '../services/reports/export'
import { reportHeader, saveReportHeader } from '../services/reports/header'
import { assessedYears, overviewStats } from '../services/reports/overview'
import type { HandlerMap } from './types'

export const reportHandlers: HandlerMap<keyof typeof reportChannels> = {
  'reports.list': async () => listReports(),
  'reports.years': async (ctx) => ({ years: await assessedYears(ctx) }),
  'overview.stats': (ctx, { year }) => overviewStats(ctx, year),
  'reports.preview': (ctx, { id, params }) => buildReportDocument(ctx, id, params),
  'reports.header': (ctx, { id }) => reportHeader(ctx, id),
  'reports.saveHeader': (ctx, { id, header }) => saveReportHeader(ctx, id, header),
  'reports.export': async (ctx, { id, params, format }) => {
    const path = await ctx.files.chooseSaveFile({
      title: format === 'pdf' ? 'Lưu báo cáo PDF' : format === 'html' ? 'Lưu báo cáo HTML' : 'Lưu báo cáo Excel',
      defaultName: suggestedFileName(id, params, format),
      extensions: [format],
    })
    if (!path) return { cancelled: true as const }
    await exportReport(ctx, id, params, format, path)
    return { cancelled: false as const, fileName: basename(path) }
  },
  'reports.print': async (ctx, { id, params }) => {
    if (!ctx.printer) throw unsupported('Không in trực tiếp được', 'Hãy xuất PDF rồi in.')
    const doc = await buildReportDocument(ctx, id, params)
    return { printed: await ctx.printer.printHtml(documentHtml(doc), { landscape: doc.orientation === 'landscape' }) }
  },
}
