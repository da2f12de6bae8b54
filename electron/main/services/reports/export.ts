import type { ReportFileFormat } from '@shared/contract/reports'
import type { ReportParams } from '@shared/domain/reports'
import { writeDocumentXlsx } from '../../export/excel/document-xlsx'
import { documentHtml } from '../../export/print/html'
import { documentPdf } from '../../export/print/pdf'
import type { ServiceContext } from '../context'
import { saveFile, saveFileStreamed, type SaveOptions } from '../files/atomic-save'
import { buildReportDocument } from './build'

/**
 * Writes a report as PDF, Excel or HTML. All come from the same built document, so their numbers agree;
 * the file appears under its name only when complete (the one atomic save, services/files/atomic-save.ts).
 */
export async function exportReport(
  ctx: ServiceContext,
  id: string,
  params: ReportParams,
  format: ReportFileFormat,
  path: string,
): Promise<void> {
  const doc = await buildReportDocument(ctx, id, params)
  await writeDocument(ctx, doc, format, path)
}

/** Replaces a file of that name by default: the save dialog asked, or the command line named it. */
export async function writeDocument(
  ctx: ServiceContext,
  doc: Parameters<typeof documentPdf>[1],
  format: ReportFileFormat,
  path: string,
  options: SaveOptions = { overwrite: true },
): Promise<void> {
  if (format === 'pdf') saveFile(path, await documentPdf(ctx.pdf, doc), options)
  else if (format === 'html') saveFile(path, documentHtml(doc), options)
  else await saveFileStreamed(path, (file) => writeDocumentXlsx(doc, file.stream()), options)
}

/** A file name for the save dialog: "bao-cao-summary-2026.pdf". */
export function suggestedFileName(id: string, params: ReportParams, format: ReportFileFormat): string {
  return `bao-cao-${id}-${params.year}${params.period === 'H1' ? '-6thang' : ''}.${format}`
}
