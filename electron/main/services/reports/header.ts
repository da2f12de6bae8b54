import { ReportHeaderSchema, type ReportHeader } from '@shared/domain/reports'
import { OFFICE_LEVELS } from '@shared/domain/office-levels'
import type { ServiceContext } from '../context'
import { getLetterhead } from '../letterhead'
import { requireOffice } from '../office'
import { readSetting, writeSetting } from '../settings'

/**
 * The header and signature block of a report: what the clerk filled for this report, else the
 * office's letterhead from Settings (place, agency lines, signer: the same on every document) with
 * the recipients last used, or the level's default (the report goes up to the province).
 */
export async function reportHeader(ctx: ServiceContext, reportId: string): Promise<ReportHeader> {
  const own = await readSetting(ctx, `report.header.${reportId}`, ReportHeaderSchema)
  if (own) return own
  const [office, letterhead, last] = await Promise.all([
    requireOffice(ctx),
    getLetterhead(ctx),
    readSetting(ctx, 'report.header.last', ReportHeaderSchema),
  ])
  const upTo = `${OFFICE_LEVELS[office.level].reportsTo}${office.level !== 'province' && office.provinceName ? ` ${office.provinceName}` : ''}`
  return {
    agency: letterhead.agency,
    number: '',
    place: letterhead.place,
    date: ctx.now().toISOString().slice(0, 10),
    recipients: last?.recipients ?? [upTo, 'Lưu: VT'],
    signer: letterhead.signer,
  }
}

export async function saveReportHeader(ctx: ServiceContext, reportId: string, header: ReportHeader): Promise<ReportHeader> {
  const value = ReportHeaderSchema.parse(header)
  await writeSetting(ctx, `report.header.${reportId}`, value)
  await writeSetting(ctx, 'report.header.last', value)
  return value
}
