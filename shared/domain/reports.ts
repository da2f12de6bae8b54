import { z } from 'zod'
import { SignerSchema } from '../print/document-schema'
import { OfficeLevelSchema } from './office-levels'

export const PERIODS = ['H1', 'year'] as const
export const PeriodSchema = z.enum(PERIODS)
export type Period = z.infer<typeof PeriodSchema>

/** What a report is asked for: a year, a six-month or annual period, and optionally one commune. */
export const ReportParamsSchema = z
  .object({
    year: z.number().int().min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ'),
    period: PeriodSchema.default('year'),
    communeId: z.string().uuid().nullable().default(null),
  })
  .strict()
export type ReportParams = z.output<typeof ReportParamsSchema>

export const REPORT_PARAM_KINDS = ['year', 'period', 'commune'] as const

export const ReportSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  orientation: z.enum(['portrait', 'landscape']),
  /** Which parameters this report uses (the form shows only these). */
  params: z.array(z.enum(REPORT_PARAM_KINDS)),
})
export type ReportSummary = z.infer<typeof ReportSummarySchema>

/**
 * What the clerk fills once per report and the app remembers: the agency lines, the number and
 * symbol, the place, the date, who receives it and who signs.
 */
export const ReportHeaderSchema = z
  .object({
    agency: z.array(z.string().trim().max(200)).min(1).max(3),
    number: z.string().trim().max(60),
    place: z.string().trim().max(100),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD'),
    recipients: z.array(z.string().trim().max(200)).max(20),
    signer: SignerSchema,
  })
  .strict()
export type ReportHeader = z.infer<typeof ReportHeaderSchema>

export const ExportFormatSchema = z.enum(['pdf', 'xlsx'])
export type ExportFormat = z.infer<typeof ExportFormatSchema>

const RateRowSchema = z.object({
  households: z.number().int(),
  poor: z.number().int(),
  nearPoor: z.number().int(),
  poorRate: z.number(),
  nearPoorRate: z.number(),
})

/** The overview page's figures (charts and cards). */
export const OverviewStatsSchema = z.object({
  year: z.number().int(),
  /** Households in the register, whatever their assessments. */
  registered: z.number().int(),
  /** True at the province: the rows are offices, not communes. */
  byOffice: z.boolean(),
  /** The office's level: the rows are its villages (commune), communes (district) or offices (province). */
  level: OfficeLevelSchema,
  byCommune: z.array(RateRowSchema.extend({ label: z.string() })),
  trend: z.array(RateRowSchema.extend({ year: z.number().int() })),
})
export type OverviewStats = z.infer<typeof OverviewStatsSchema>
