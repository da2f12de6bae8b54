import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { ReportParams } from '@shared/domain/reports'
import { writeDocumentXlsx } from '../../export/excel/document-xlsx'
import { documentPdf } from '../../export/print/pdf'
import type { ServiceContext } from '../context'
import { makeWorkDir } from '../files/private-temp'
import { buildReportDocument } from '../reports/build'
import { findReport, REPORTS } from '../reports/catalogue'
import { suggestedFileName } from '../reports/export'
import type { ReportFile, ReportFilesPort } from './export'

/** The reports a package carries when the clerk picks none: every report asked for by year. */
export function defaultPackageReports(): string[] {
  return REPORTS.filter((r) => r.params.includes('year')).map((r) => r.id)
}

/**
 * A package's period as the catalogue's parameters: '2026-H1' → the first six months of 2026;
 * '2026' → the year. The catalogue has no second-half period, so '2026-H2' (sent after the year's
 * end) carries the annual reports, which cover the second half.
 */
export function reportParamsFor(period: string): ReportParams {
  const [year, half] = period.split('-')
  return { year: Number(year), period: half === 'H1' ? 'H1' : 'year', communeId: null }
}

/** Refuses an unknown report id before anything is built or signed. */
export function checkReportIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)]
  for (const id of unique) {
    try {
      findReport(id)
    } catch {
      throw new ApiError('BAD_INPUT', `Không có báo cáo "${id}" trong danh mục.`, ['reports'])
    }
  }
  return unique
}

/**
 * The `reportFiles` port of the export, filled by the report catalogue: each chosen report built
 * once and rendered as PDF and Excel by the catalogue's own renderers (so the package's numbers are
 * the ones the office prints). The export signs each PDF.
 */
export function catalogueReportFiles(ctx: ServiceContext, ids: readonly string[]): ReportFilesPort {
  const chosen = checkReportIds(ids)
  return async (period) => {
    const params = reportParamsFor(period)
    const files: ReportFile[] = []
    // ExcelJS writes workbooks to a path: a work folder in the private folder next to the database
    // (the workbooks hold the register's personal data), removed whatever happens.
    const dir = makeWorkDir(ctx.store.path, 'bao-cao')
    try {
      for (const id of chosen) {
        const doc = await buildReportDocument(ctx, id, params)
        files.push({ name: suggestedFileName(id, params, 'pdf'), kind: 'pdf', bytes: Buffer.from(await documentPdf(ctx.pdf, doc)) })
        const xlsx = join(dir, `${id}.xlsx`)
        await writeDocumentXlsx(doc, xlsx)
        files.push({ name: suggestedFileName(id, params, 'xlsx'), kind: 'xlsx', bytes: readFileSync(xlsx) })
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    return files
  }
}
