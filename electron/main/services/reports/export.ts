import { rename, rm, writeFile } from 'node:fs/promises'
import type { ExportFormat, ReportParams } from '@shared/domain/reports'
import { writeDocumentXlsx } from '../../export/excel/document-xlsx'
import { documentPdf } from '../../export/print/pdf'
import type { ServiceContext } from '../context'
import { makePrivate, PRIVATE_FILE_MODE } from '../files/private-temp'
import { buildReportDocument } from './build'

/**
 * Writes a report as PDF or Excel. Both come from the same built document, so their numbers agree;
 * the file appears under its final name only when complete (written to a temporary name first).
 */
export async function exportReport(
  ctx: ServiceContext,
  id: string,
  params: ReportParams,
  format: ExportFormat,
  path: string,
): Promise<void> {
  const doc = await buildReportDocument(ctx, id, params)
  await writeDocument(ctx, doc, format, path)
}

export async function writeDocument(
  ctx: ServiceContext,
  doc: Parameters<typeof documentPdf>[1],
  format: ExportFormat,
  path: string,
): Promise<void> {
  const partial = `${path}.partial`
  try {
    // Reports name households: readable by their owner only (0600), like every file the program writes.
    if (format === 'pdf') await writeFile(partial, await documentPdf(ctx.pdf, doc), { mode: PRIVATE_FILE_MODE })
    else await writeDocumentXlsx(doc, partial)
    makePrivate(partial)
    await rename(partial, path)
  } catch (e) {
    await rm(partial, { force: true })
    throw e
  }
}

/** A file name for the save dialog: "bao-cao-summary-2026.pdf". */
export function suggestedFileName(id: string, params: ReportParams, format: ExportFormat): string {
  return `bao-cao-${id}-${params.year}${params.period === 'H1' ? '-6thang' : ''}.${format}`
}
