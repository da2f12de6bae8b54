import { extname } from 'node:path'
import { parse } from 'csv-parse/sync'
import { loadExcelJS } from './excel/load'
import { cleanText, DAMAGED_MESSAGE, isDamaged } from '@shared/text/clean'
import { openInputFile, readInputFile } from './input/input-file'
import { INPUT_LIMITS } from './input/limits'
import { systemErrorMessage } from '../store/errors'
import { readCentralDirectory, scanZipParts } from './input/zip-scan'

/** A small table file (a list of units, a list of agencies) read into rows of trimmed text. */
export interface TableData {
  sheetName: string
  rows: string[][]
}

export class TableFileError extends Error {}

const LIMITS = INPUT_LIMITS.smallTable
const RULE = { maxBytes: LIMITS.fileBytes, what: 'một danh mục hoặc phụ lục' }

/**
 * Reads the first sheet of an .xlsx, or a .csv (UTF-8, comma or semicolon). Only a regular file
 * within the limits (export/input/limits.ts) is read; an .xlsx has every part inflated and counted
 * first (zip-scan.ts), since ExcelJS reads it whole into memory.
 */
export async function readSmallTable(path: string): Promise<TableData> {
  const Excel = await loadExcelJS()
  const ext = extname(path).toLowerCase()
  if (ext === '.csv' || ext === '.txt') {
    const text = (await readInputFile(path, RULE)).toString('utf8').replace(/^\uFEFF/, '')
    const delimiter = (text.split('\n')[0] ?? '').includes(';') ? ';' : ','
    const rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][]
    return { sheetName: '', rows: cleanRows(rows) }
  }
  if (ext === '.xlsx') {
    const { fh, size } = await openInputFile(path, RULE)
    try {
      const target = { path, kind: 'Excel' }
      const { entries, cdOffset } = await readCentralDirectory(fh, size, target, LIMITS)
      await scanZipParts(fh, target, entries, cdOffset, LIMITS)
    } finally {
      await fh.close()
    }
    const wb = new Excel.Workbook()
    try {
      await wb.xlsx.readFile(path)
    } catch (e) {
      throw new TableFileError(
        (e as { code?: unknown }).code === 'ERR_XML_INCOMPLETE'
          ? 'Tệp Excel bị cắt cụt (dữ liệu dừng giữa chừng, có thể do tệp chưa được lưu xong). Hãy mở tệp trong Excel, kiểm tra, lưu lại rồi chọn lại.'
          : `Không đọc được tệp Excel: ${systemErrorMessage(e) ?? 'tệp bị hỏng hoặc không đúng định dạng; hãy mở tệp trong Excel, lưu lại rồi chọn lại.'}`,
      )
    }
    const ws = wb.worksheets[0]
    if (!ws) throw new TableFileError('Tệp Excel không có trang tính nào.')
    const rows: string[][] = []
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = []
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        // A date cell's text is JavaScript's Date string ("Tue Jun 30 2026 …"): give the ISO date instead.
        cells[col - 1] = cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text.trim()
      })
      // Indexed by the sheet's row number, so "row N" in a message is the row the clerk sees in Excel.
      rows[row.number - 1] = Array.from(cells, (c) => c ?? '')
    })
    return { sheetName: ws.name, rows: cleanRows(Array.from(rows, (r) => r ?? [])) }
  }
  throw new TableFileError('Chỉ nhận tệp .xlsx hoặc .csv.')
}

/** Every cell through the one normaliser (shared/text/clean.ts); a damaged cell refuses the file, naming the cell. */
function cleanRows(rows: string[][]): string[][] {
  return rows.map((r, i) =>
    r.map((c, j) => {
      if (isDamaged(c)) throw new TableFileError(`Ô ${columnName(j)}${i + 1} ${DAMAGED_MESSAGE}.`)
      return cleanText(c).trim()
    }),
  )
}

function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}
