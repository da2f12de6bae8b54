import type { Block } from '@shared/print/document'
import type { ReportParams, ReportSummary } from '@shared/domain/reports'
import type { ServiceContext } from '../context'

/** What a report computes: its title line under the main title and its body (tables, paragraphs). */
export interface ReportBody {
  subtitle?: string
  body: Block[]
}

/**
 * One report of the catalogue. `build` runs the queries once and returns the data as document
 * blocks; the on-screen preview, the PDF and the Excel file are all drawn from that one result.
 */
export interface ReportDefinition extends ReportSummary {
  build(ctx: ServiceContext, params: ReportParams): Promise<ReportBody>
}
