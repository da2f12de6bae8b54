import { loadExcelJS } from '../../../export/excel/load'
import { ApiError } from '@shared/contract/errors'
import type { ImportResult } from '@shared/domain/household-import'
import { reasonOf } from '../../../store/errors'
import { saveFile, type SaveOptions } from '../../files/atomic-save'

/**
 * A copy of the clerk's own workbook with one column added after the table: "Lỗi nhập" on the
 * header row and, on each rejected row, its messages. The clerk fixes the rows in place and
 * imports the same file again (matched households are updated, not duplicated). Saved through the
 * one atomic save; it replaces a file of that name by default (the save dialog asked, or the command
 * line named it).
 */
export async function writeErrorReport(
  sourcePath: string,
  result: ImportResult,
  outPath: string,
  options: SaveOptions = { overwrite: true },
): Promise<number> {
  const Excel = await loadExcelJS()
  const wb = new Excel.Workbook()
  try {
    await wb.xlsx.readFile(sourcePath)
  } catch (e) {
    throw new ApiError('BAD_INPUT', `Không đọc lại được tệp gốc để tạo báo lỗi: ${reasonOf(e)}`)
  }
  const ws = wb.getWorksheet(result.sheet)
  if (!ws) throw new ApiError('NOT_FOUND', `Không còn trang tính "${result.sheet}" trong tệp gốc.`)
  const col = Math.max(ws.columnCount, result.columns.length) + 1
  const header = ws.getRow(result.headerRow).getCell(col)
  header.value = 'Lỗi nhập'
  header.font = { bold: true, color: { argb: 'FFC00000' } }
  ws.getColumn(col).width = 60
  const byRow = new Map<number, string[]>()
  for (const e of result.errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.column ? `${e.column}: ${e.message}` : e.message])
  for (const [row, messages] of byRow) {
    const cell = ws.getRow(row).getCell(col)
    cell.value = messages.join('; ')
    cell.font = { color: { argb: 'FFC00000' } }
    cell.alignment = { wrapText: true, vertical: 'top' }
  }
  // The clerk's rows, personal data: saved 0600 like every file the program writes.
  saveFile(outPath, Buffer.from(await wb.xlsx.writeBuffer()), options)
  return byRow.size
}
