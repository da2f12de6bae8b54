import { createRequire } from 'node:module'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { readSheetRows } from '../../electron/main/services/households/import/read-sheet'
import { tempDir } from '../helpers/temp'

/**
 * ExcelJS's streaming writer (and so every .xls the import converts) stores the sheets before the
 * shared strings, the styles and workbook.xml. The streaming reader sets such sheets aside in temp
 * files and reads them at the end. Unmodified, it walked the zip with a helper that stops at the
 * zip parser's 'end' event, which unzipper emits as soon as the whole file has been *written into*
 * the parser, while entries it has already parsed are still waiting to be read: when setting a
 * sheet aside was slow (a loaded machine), the shared strings, styles and sheet names were never
 * read, every text cell came back as {sharedString: n} and dates as numbers, and the import said
 * "no header row". It happened in about one CLI import in thirty under load. patches/exceljs+4.4.0.patch
 * reads the zip with the stream's own async iterator (upstream exceljs#2915, issue exceljs#683),
 * which drains what is buffered before it ends. Slowing the temp-file step makes the race certain.
 */
const tmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as { file: (...args: unknown[]) => void }
const originalFile = tmp.file
afterEach(() => {
  tmp.file = originalFile
})

async function writeList(path: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true })
  wb.addWorksheet('Ghi chú').addRow(['Danh sách ở trang sau']).commit()
  const ws = wb.addWorksheet('DS hộ nghèo')
  ws.addRow(['Họ và tên chủ hộ', 'Ngày sinh', 'Thôn']).commit()
  const row = ws.addRow(['Nguyễn Thị Hoà', new Date(Date.UTC(1968, 2, 15)), 'Thôn Đồng Tâm'])
  row.getCell(2).numFmt = 'dd/mm/yyyy'
  row.commit()
  await wb.commit()
}

describe('the streaming reader on a workbook whose sheets come before its shared strings', () => {
  it('reads text, dates and sheet names even when setting a sheet aside is slow', async () => {
    const path = join(tempDir(), 'ds.xlsx')
    await writeList(path)
    let setAside = 0
    tmp.file = (...args: unknown[]) => {
      setAside++
      setTimeout(() => originalFile(...args), 150)
    }
    const rows = []
    for await (const r of readSheetRows(path, 'DS hộ nghèo', 1, ['Ghi chú', 'DS hộ nghèo'], 100)) rows.push(r)
    // The race needs the sheets set aside; without that this test would prove nothing.
    expect(setAside).toBeGreaterThan(0)
    expect(rows.map((r) => r.cells)).toEqual([
      ['Họ và tên chủ hộ', 'Ngày sinh', 'Thôn'],
      ['Nguyễn Thị Hoà', new Date(Date.UTC(1968, 2, 15)), 'Thôn Đồng Tâm'],
    ])
  })
})
