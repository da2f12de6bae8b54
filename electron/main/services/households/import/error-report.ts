import ExcelJS from 'exceljs'
import { ApiError } from '@shared/contract/errors'
import type { ImportResult } from '@shared/domain/household-import'
import { reasonOf } from '../../../store/errors'
import { makePrivate } from '../../files/private-temp'

/**
 * A copy of the clerk's own workbook with one column added after the table: "Lỗi nhập" on the
 * header row and, on each rejected row, its messages. The clerk fixes the rows in place and
 * imports the same file again (matched households are updated, not duplicated).
 */
export async function writeErrorReport(sourcePath: string, result: ImportResult, outPath: string): Promise<number> {
  const wb = new ExcelJS.Workbook()
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
  await wb.xlsx.writeFile(outPath)
  makePrivate(outPath) // the clerk's rows, personal data: owner only, like every file the program writes
  return byRow.size
}
