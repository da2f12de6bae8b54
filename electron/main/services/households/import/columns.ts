import { IMPORT_FIELDS, type ImportField } from '@shared/domain/household-import'
import { findHeaderRow, matchHeaders, type HeaderMatch } from '@shared/text/header-match'
import { fold } from '@shared/text/fold'
import { cellText, type SheetRow } from './read-sheet'

export { IMPORT_FIELDS, type ImportField }

export const REQUIRED_FIELDS: ImportField[] = ['headName', 'income']

export interface HeaderLayout {
  /** Index (0-based, in the rows read so far) of the last header row; data starts after it. */
  headerIndex: number
  /** Sheet row number of the (first) header row, for the error report. */
  headerRowNumber: number
  /** Column labels after combining a two-level header. */
  labels: string[]
  matches: HeaderMatch<ImportField>[]
  /** The review year named in the title rows ("… NĂM 2024"), if any. */
  titleYear: number | null
}

/**
 * Finds the header among the first rows, which in real lists come after agency and title rows.
 * A two-level header (merged "Chỉ số thiếu hụt" over "Số chỉ số" | "Các chỉ số thiếu hụt") is
 * combined column by column: the lower label where there is one, else the upper.
 */
export function findLayout(rows: readonly SheetRow[]): HeaderLayout | null {
  const texts = rows.map((r) => r.cells.map(cellText))
  const found = findHeaderRow(texts, IMPORT_FIELDS, { scanRows: 30, minFields: 3 })
  if (!found) return null
  let headerIndex = found.row
  let labels = texts[found.row] ?? []
  const next = texts[found.row + 1]
  const nextRow = rows[found.row + 1]
  if (next && nextRow && isSubHeader(nextRow, next, labels)) {
    const width = Math.max(labels.length, next.length)
    const combined: string[] = []
    for (let c = 0; c < width; c++) combined.push(next[c] || labels[c] || '')
    const better = matchHeaders(combined, IMPORT_FIELDS)
    if (better.length >= found.matches.length) {
      labels = combined
      headerIndex = found.row + 1
    }
  }
  let titleYear: number | null = null
  for (const t of texts.slice(0, found.row)) {
    const m = /\bnam (20\d\d)\b/.exec(fold(t.join(' ')))
    if (m) titleYear = Number(m[1])
  }
  return {
    headerIndex,
    headerRowNumber: rows[found.row]!.number,
    labels,
    matches: matchHeaders(labels, IMPORT_FIELDS),
    titleYear,
  }
}

/** Text only, and fewer labels than the row above: the lower row of a two-level header (checked again by match count). */
function isSubHeader(row: SheetRow, texts: string[], upper: string[]): boolean {
  const filled = texts.filter(Boolean).length
  return filled > 0 && filled < upper.filter(Boolean).length && !row.cells.some((c) => typeof c === 'number' || c instanceof Date)
}

/** Field → column index, from the automatic match overridden by the clerk's choices. */
export function resolveMapping(
  matches: readonly HeaderMatch<ImportField>[],
  override: Partial<Record<ImportField, number | null>> | undefined,
): Partial<Record<ImportField, number>> {
  const map: Partial<Record<ImportField, number>> = {}
  for (const m of matches) map[m.field] = m.column
  for (const [field, column] of Object.entries(override ?? {}) as [ImportField, number | null][]) {
    if (column === null) delete map[field]
    else map[field] = column
  }
  return map
}
