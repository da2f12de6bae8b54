import type { ReportParams } from '@shared/domain/reports'
import type { OfficialDocument } from '@shared/print/document'
import type { ServiceContext } from '../context'
import { findReport } from './catalogue'
import { reportHeader } from './header'

/** Runs a report once and wraps its data in the office's header and signature block. */
export async function buildReportDocument(ctx: ServiceContext, id: string, params: ReportParams): Promise<OfficialDocument> {
  const report = findReport(id)
  const [header, body] = await Promise.all([reportHeader(ctx, id), report.build(ctx, params)])
  const periodLabel = params.period === 'H1' ? `6 tháng đầu năm ${params.year}` : `năm ${params.year}`
  return {
    agency: header.agency,
    number: header.number,
    place: header.place,
    date: header.date,
    title: report.title,
    subtitle:
      [report.params.includes('year') ? `Kỳ báo cáo: ${periodLabel}` : '', body.subtitle ?? ''].filter(Boolean).join(' — ') || undefined,
    orientation: report.orientation,
    body: body.body,
    recipients: header.recipients,
    signer: header.signer,
  }
}
