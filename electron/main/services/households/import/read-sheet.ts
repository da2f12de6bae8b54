import type ExcelJS from 'exceljs'
import { loadExcelJS } from '../../../export/excel/load'
import { ApiError } from '@shared/contract/errors'
import { cleanText, DAMAGED_MESSAGE, isDamaged } from '@shared/text/clean'

/** A cell as the import sees it: the value Excel shows, with formulas replaced by their cached result. */
export type CellValue = string | number | boolean | Date | null | { error: string } | { formulaWithoutResult: string }

export interface SheetRow {
  /** 1-based row number in the sheet, as Excel shows it. */
  number: number
  cells: CellValue[]
}

/** A sheet larger than this is refused with a message rather than read to the end. */
export const MAX_DATA_ROWS = 300_000

/** A cell's text through the one normaliser (shared/text/clean.ts); damaged text becomes a cell error, reported with its row. */
function text(s: string): CellValue {
  return isDamaged(s) ? { error: DAMAGED_MESSAGE } : cleanText(s)
}

function normalize(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null
  // A number styled as a date but too large to be one (a citizen ID in a date column) comes back
  // from ExcelJS as an invalid Date; its digits are gone, so the clerk is told to restyle the cell.
  if (v instanceof Date && Number.isNaN(v.getTime()))
    return { error: 'ô định dạng Ngày nhưng giá trị không phải ngày; hãy đổi định dạng ô sang Văn bản' }
  if (typeof v === 'string') return text(v)
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v
  if (typeof v === 'object') {
    if ('richText' in v) return text(v.richText.map((r) => r.text).join(''))
    if ('error' in v) return { error: String(v.error) }
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: ExcelJS.CellValue }).result
      if (result === undefined || result === null) return { formulaWithoutResult: String((v as { formula?: string }).formula ?? '') }
      return normalize(result)
    }
    if ('text' in v) return text(String((v as { text: unknown }).text))
  }
  return text(String(v))
}

/**
 * Streams one sheet's rows (ExcelJS's streaming reader: memory stays flat on 100,000-row lists).
 * Sheets are matched by name, or by position when the reader has not seen the names yet.
 */
export async function* readSheetRows(
  path: string,
  sheetName: string,
  sheetIndex: number,
  allSheets: readonly string[],
  maxRows: number,
): AsyncGenerator<SheetRow> {
  const Excel = await loadExcelJS()
  const reader = new Excel.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell a date from a number
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  })
  let found = false
  let lastRow = 0
  try {
    for await (const ws of reader) {
      const sheet = ws as unknown as { name?: string; id?: number | string } & AsyncIterable<ExcelJS.Row>
      // Before the reader has seen xl/workbook.xml (zip order varies) it names sheets "SheetN": go by position then.
      const named = sheet.name !== undefined && allSheets.includes(sheet.name)
      const matches = named ? sheet.name === sheetName : Number(sheet.id) === sheetIndex + 1
      if (!matches) {
        // The reader needs each sheet consumed before it moves to the next one.
        for await (const _ of sheet) void _
        continue
      }
      found = true
      let count = 0
      for await (const row of sheet) {
        if (++count > maxRows) {
          throw new ApiError(
            'BAD_INPUT',
            `Trang tính "${sheetName}" có hơn ${maxRows.toLocaleString('vi-VN')} dòng; hãy chia danh sách thành nhiều tệp nhỏ hơn.`,
            ['sheet'],
          )
        }
        const values = row.values as ExcelJS.CellValue[]
        const cells: CellValue[] = []
        for (let c = 1; c < values.length; c++) cells.push(normalize(values[c]))
        lastRow = row.number
        yield { number: row.number, cells }
      }
      break
    }
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError('BAD_INPUT', unreadableMessage(e, found ? sheetName : null, lastRow), ['file'])
  }
  if (!found) throw new ApiError('BAD_INPUT', `Không tìm thấy trang tính "${sheetName}".`, ['sheet'])
}

/**
 * Why a workbook could not be read, in Vietnamese (the parser's own English is not for the clerk).
 * A part that ends before its document does (patches/exceljs: the XML reader is closed at the end
 * of each part) is a sheet cut short: said so, with the last row that was read, since that is what
 * a clerk can check in Excel. Nothing is imported from such a file: the import reads every row first.
 */
function unreadableMessage(e: unknown, sheet: string | null, lastRow: number): string {
  const where = sheet ? `Trang tính "${sheet}"` : 'Một phần của tệp Excel'
  const after = lastRow ? `sau dòng ${lastRow}` : 'trước dòng dữ liệu đầu tiên'
  if ((e as { code?: unknown }).code === 'ERR_XML_INCOMPLETE')
    return (
      `${where} bị cắt cụt: dữ liệu dừng giữa chừng (${after}), có thể do tệp chưa được lưu xong hoặc bị hỏng khi sao chép. ` +
      'Không nhập dòng nào. Hãy mở tệp trong Excel, kiểm tra đủ các dòng, lưu lại rồi nhập lại.'
    )
  return (
    `Tệp Excel bị hỏng, không đọc được (${sheet ? `trang tính "${sheet}", ${after}` : 'cấu trúc bên trong của tệp sai'}). ` +
    'Không nhập dòng nào. Hãy mở tệp trong Excel, lưu lại rồi nhập lại.'
  )
}

/** A cell as plain trimmed text, for headers and text fields. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') return ''
  return String(v).trim()
}
