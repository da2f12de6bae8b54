import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { ServiceContext } from '../../context'
import { unattended, type JobControl } from '../../jobs'
import { requireOffice } from '../../office'
import { standardForAssessment } from '../standards'
import type { ImportField } from './columns'
import { columnLabel, readList, type ReadList } from './read-list'
import { sheetNames } from './zip-guard'
import { withWorkbook, workbookEntries, type OpenedWorkbook } from './workbook-file'
import { ImportOptionsSchema, type ImportOptions, type ImportResult, type ImportRowError } from '@shared/domain/household-import'
import { writeRows } from './write'

/** A control for callers without a job (the CLI, tests): never cancelled, progress ignored. */

interface ImportRunOptions {
  dryRun: boolean
  control?: JobControl
  maxRows?: number
  fileName?: string
  /** The file already opened (the app's import session keeps an .xls converted); else it is opened and closed here. */
  workbook?: OpenedWorkbook
}

/**
 * Imports a household list: checks the file, reads and validates every row, then writes in one
 * transaction. With `dryRun` it is the preview: the same code path, rolled back at the end, so
 * what the preview says is exactly what the import will do. `path` is the clerk's own file (its
 * name and hash go into the audit); the rows are read from the opened workbook's .xlsx.
 */
export async function importHouseholds(
  ctx: ServiceContext,
  path: string,
  raw: ImportOptions,
  options: ImportRunOptions,
): Promise<ImportResult> {
  const opts = ImportOptionsSchema.parse(raw)
  const control = options.control ?? unattended
  const office = await requireOffice(ctx)
  control.progress('Đang kiểm tra tệp', 0, 0)
  if (options.workbook) return importFrom(ctx, path, options.workbook, opts, office, options)
  return withWorkbook(path, (workbook) => importFrom(ctx, path, workbook, opts, office, options), ctx.store.path)
}

async function importFrom(
  ctx: ServiceContext,
  path: string,
  workbook: OpenedWorkbook,
  opts: ReturnType<typeof ImportOptionsSchema.parse>,
  office: Awaited<ReturnType<typeof requireOffice>>,
  options: ImportRunOptions,
): Promise<ImportResult> {
  const control = options.control ?? unattended
  const sheets = await sheetNames(workbook.path, await workbookEntries(workbook))
  if (!sheets.length) throw new ApiError('BAD_INPUT', 'Tệp Excel không có trang tính nào.', ['sheet'])
  if (opts.sheet !== null && !sheets.includes(opts.sheet))
    throw new ApiError('BAD_INPUT', `Không có trang tính "${opts.sheet}" trong tệp.`, ['sheet'])
  const now = ctx.now()
  const today = now.toISOString().slice(0, 10)
  const read = (name: string) =>
    readList({
      path: workbook.path,
      sheet: name,
      sheetIndex: sheets.indexOf(name),
      sheets,
      mapping: opts.mapping as Partial<Record<ImportField, number | null>>,
      defaultAreaType: opts.defaultAreaType,
      // The row check allows 12 indicators (every shipped standard); the year's own count is checked below.
      indicatorCount: 12,
      today,
      maxRows: options.maxRows,
      onProgress: (n) => control.progress('Đang đọc tệp', n, 0),
      checkpoint: () => control.checkpoint(),
    })
  // Without a chosen sheet, the first one that has a list: workbooks often open on a notes or cover sheet.
  let sheet = opts.sheet ?? sheets[0]!
  let list: Awaited<ReturnType<typeof read>> | null = null
  let firstError: unknown = null
  for (const name of opts.sheet !== null ? [opts.sheet] : sheets) {
    try {
      list = await read(name)
      sheet = name
      break
    } catch (e) {
      const noList = e instanceof ApiError && e.path[0] === 'sheet'
      if (opts.sheet !== null || !noList) throw e
      firstError ??= e
    }
  }
  if (!list) throw firstError
  if (!list.rows.length && !list.errors.length) {
    // A header and nothing under it (or only a total row): an import of nothing is a file to look at, not a success.
    throw new ApiError(
      'BAD_INPUT',
      `Trang tính "${sheet}" không có dòng hộ nào dưới dòng tiêu đề (dòng ${list.layout.headerRowNumber})` +
        `${list.end ? ` trước dòng tổng cộng (dòng ${list.end.row})` : ''}: không có gì để nhập. Hãy kiểm tra đúng tệp và đúng trang tính.`,
      ['sheet'],
    )
  }
  const year = opts.year ?? list.layout.titleYear ?? now.getFullYear()
  const standard = await standardForAssessment(ctx, year)
  const errors: ImportRowError[] = [...list.errors]
  const tooHigh = new Set(list.rows.filter((r) => r.deprived.some((n) => n > standard.indicators.length)))
  for (const r of tooHigh) {
    errors.push({
      row: r.rowNumber,
      column: columnLabel(list.layout, list.map, 'deprivations'),
      message: `Chuẩn ${standard.name} chỉ có ${standard.indicators.length} chỉ số`,
    })
  }
  // The same person or code twice in one file is a mistake to fix, not two updates of one household.
  const seenId = new Map<string, number>()
  const seenCode = new Map<string, number>()
  const rows = list.rows.filter((r) => {
    if (tooHigh.has(r)) return false
    const dupId = r.citizenId ? seenId.get(r.citizenId) : undefined
    const dupCode = r.code ? seenCode.get(r.code) : undefined
    if (dupId !== undefined)
      errors.push({
        row: r.rowNumber,
        column: columnLabel(list.layout, list.map, 'citizenId'),
        message: `Số CCCD ${r.citizenId} trùng với dòng ${dupId}`,
      })
    else if (dupCode !== undefined)
      errors.push({
        row: r.rowNumber,
        column: columnLabel(list.layout, list.map, 'code'),
        message: `Mã hộ ${r.code} trùng với dòng ${dupCode}`,
      })
    else {
      if (r.citizenId) seenId.set(r.citizenId, r.rowNumber)
      if (r.code) seenCode.set(r.code, r.rowNumber)
      return true
    }
    return false
  })
  control.checkpoint()

  const written = await writeRows(
    ctx,
    {
      rows,
      year,
      standard,
      officeId: office.id,
      officeName: office.name,
      communeId: opts.communeId,
      fileName: options.fileName ?? basename(path),
      fileHash: await sha256(path),
      sheet,
      at: now.toISOString(),
    },
    {
      progress: (done, total) => control.progress('Đang ghi vào sổ hộ', done, total),
      checkpoint: () => control.checkpoint(),
      commit: (writeErrors) => !options.dryRun && (opts.mode === 'valid_only' || errors.length + writeErrors.length === 0),
    },
  )
  const allErrors = [...errors, ...written.errors].sort((a, b) => a.row - b.row)
  const rejectedRows = new Set(allErrors.map((e) => e.row)).size
  const countWrites = written.committed || options.dryRun
  return {
    dryRun: options.dryRun,
    fileName: options.fileName ?? basename(path),
    sheet,
    sheets,
    year,
    headerRow: list.layout.headerRowNumber,
    columns: list.layout.labels,
    mapping: Object.entries(list.map).map(([field, column]) => ({ field, column: column!, header: list.layout.labels[column!] ?? '' })),
    created: countWrites ? written.created : 0,
    updated: countWrites ? written.updated : 0,
    rejected: rejectedRows,
    committed: written.committed,
    errors: allErrors,
    notices: [...skippedNotice(list.end), ...rows.flatMap((r) => r.notices.map((n) => `Dòng ${r.rowNumber}: ${n}`))].slice(0, 500),
    addedVillages: written.addedVillages,
    preview: [
      ...written.preview,
      ...[...new Set(allErrors.map((e) => e.row))].slice(0, 100).map((row) => ({
        row,
        action: 'reject' as const,
        code: '',
        headName: '',
        village: '',
        classification: null,
        fileClassification: null,
      })),
    ]
      .filter((p, i, all) => p.action !== 'reject' || all.findIndex((q) => q.row === p.row) === i)
      .sort((a, b) => a.row - b.row)
      .slice(0, 100),
  }
}

/** Rows under the total row are not imported: the clerk is told which, first among the notices. */
function skippedNotice(end: ReadList['end']): string[] {
  if (!end?.rowsAfter.length) return []
  const rows = end.rowsAfter
  const listed = rows.length > 10 ? `${rows.slice(0, 10).join(', ')} … (${rows.length} dòng)` : rows.join(', ')
  return [
    `Không nhập các dòng sau dòng tổng cộng (dòng ${end.row}): ${listed}. Nếu đó là hộ trong danh sách, hãy chuyển lên trên dòng tổng cộng.`,
  ]
}

function sha256(path: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => ok(hash.digest('hex')))
  })
}
