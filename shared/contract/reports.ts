import { z } from 'zod'
import { ExportFormatSchema, OverviewStatsSchema, ReportHeaderSchema, ReportParamsSchema, ReportSummarySchema } from '../domain/reports'
import { OfficialDocumentSchema } from '../print/document-schema'
import { channel } from './channel'

const ReportId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'Mã báo cáo không hợp lệ')
/** The files a report is saved as: the window offers PDF and Excel; the command line also writes the printable HTML. */
export const ReportFileFormatSchema = z.enum([...ExportFormatSchema.options, 'html'])
export type ReportFileFormat = z.infer<typeof ReportFileFormatSchema>

/** The report catalogue: list, preview (the same document the PDF and Excel files are made from), print, export. */
export const reportChannels = {
  'reports.list': channel({ summary: 'Danh mục báo cáo', input: z.object({}).strict(), output: z.array(ReportSummarySchema) }),
  'reports.preview': channel({
    summary: 'Chạy một báo cáo và trả văn bản để xem trước trên màn hình',
    input: z.object({ id: ReportId, params: ReportParamsSchema }).strict(),
    output: OfficialDocumentSchema,
  }),
  'reports.header': channel({
    summary: 'Phần đầu và khối chữ ký đã lưu cho một báo cáo',
    input: z.object({ id: ReportId }).strict(),
    output: ReportHeaderSchema,
  }),
  'reports.saveHeader': channel({
    changes: ['reports'],
    summary: 'Lưu số, ngày, nơi nhận và người ký của một báo cáo (nhớ cho lần sau)',
    input: z.object({ id: ReportId, header: ReportHeaderSchema }).strict(),
    output: ReportHeaderSchema,
  }),
  'reports.export': channel({
    summary: 'Xuất báo cáo ra PDF, Excel (hoặc HTML để in) vào tệp do người dùng chọn',
    input: z.object({ id: ReportId, params: ReportParamsSchema, format: ReportFileFormatSchema }).strict(),
    output: z.discriminatedUnion('cancelled', [
      z.object({ cancelled: z.literal(true) }),
      z.object({ cancelled: z.literal(false), fileName: z.string() }),
    ]),
  }),
  'reports.years': channel({
    summary: 'Các năm đã có kết quả phân loại hộ (mới nhất trước)',
    input: z.object({}).strict(),
    output: z.object({ years: z.array(z.number().int()) }),
  }),
  'overview.stats': channel({
    summary: 'Số liệu trang tổng quan: tỷ lệ nghèo theo xã và theo các năm',
    input: z.object({ year: z.number().int().min(2000).max(2100) }).strict(),
    output: OverviewStatsSchema,
  }),
  'reports.print': channel({
    summary: 'In báo cáo (hộp thoại in của hệ điều hành)',
    input: z.object({ id: ReportId, params: ReportParamsSchema }).strict(),
    output: z.object({ printed: z.boolean() }),
  }),
}
