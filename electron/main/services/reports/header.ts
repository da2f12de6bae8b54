import { ReportHeaderSchema, type ReportHeader } from '@shared/domain/reports'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { readSetting, writeSetting } from '../settings'

/**
 * The header and signature block of a report: remembered per report after the clerk fills it once,
 * falling back to the last one used for any report, then to defaults from the office profile.
 */
export async function reportHeader(ctx: ServiceContext, reportId: string): Promise<ReportHeader> {
  const own = await readSetting(ctx, `report.header.${reportId}`, ReportHeaderSchema)
  if (own) return own
  const last = await readSetting(ctx, 'report.header.last', ReportHeaderSchema)
  const office = await requireOffice(ctx)
  const today = ctx.now().toISOString().slice(0, 10)
  if (last) return { ...last, number: '', date: today }
  return {
    agency: [office.name],
    number: '',
    place: office.provinceName || office.name,
    date: today,
    recipients: ['Như trên', 'Lưu: VT'],
    signer: { authority: `TM. ${office.name}`, title: 'Chủ tịch', name: '' },
  }
}

export async function saveReportHeader(ctx: ServiceContext, reportId: string, header: ReportHeader): Promise<ReportHeader> {
  const value = ReportHeaderSchema.parse(header)
  await writeSetting(ctx, `report.header.${reportId}`, value)
  await writeSetting(ctx, 'report.header.last', value)
  return value
}
