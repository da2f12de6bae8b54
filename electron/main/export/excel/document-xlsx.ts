import type { Writable } from 'node:stream'
import type ExcelJS from 'exceljs'
import { loadExcelJS } from './load'
import type { Block, ColumnSpec, DocTable, OfficialDocument } from '@shared/print/document'
import { longViDate } from '@shared/print/format-cell'

const FONT = 'Times New Roman'
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
}
const NUMBER_FORMAT: Record<ColumnSpec['kind'], string | undefined> = {
  int: '#,##0',
  money: '#,##0',
  percent: '0.00%',
  text: undefined,
  date: undefined,
}
const MM_TO_INCH = 1 / 25.4

/**
 * Writes an official document as a styled workbook with ExcelJS's streaming writer (rows are
 * flushed as they are written, so a 100,000-row list does not sit in memory): the same header
 * block as the print view (agency, national title and motto, number, place and date, bold title),
 * tables with merged multi-row headers, borders, bold headers and totals, number formats (Excel
 * shows the thousands separator of the PC's locale, "." on a Vietnamese Windows), frozen panes
 * under the first table's header, header rows repeated on every printed page, A4 with the Decree
 * 30 margins, fitted to the page width.
 */
export async function writeDocumentXlsx(doc: OfficialDocument, target: string | Writable, sheetName = 'Báo cáo'): Promise<void> {
  const Excel = await loadExcelJS()
  const tables = doc.body.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table')
  const width = Math.max(4, ...tables.map((t) => t.table.columns.length))
  const firstTable = tables[0]?.table
  const headerRows = Math.max(doc.agency.length, 2)
  const bodyStart = headerRows + 3 + (doc.subtitle ? 1 : 0) + 2
  const firstTableAt = doc.body.findIndex((b) => b.kind === 'table')
  const firstHeaderStart = bodyStart + Math.max(0, firstTableAt)
  const firstHeaderEnd = firstHeaderStart + (firstTable?.header.length ?? 1) - 1
  // A stream is the one atomic save's (services/files/atomic-save.ts); a file name, a private temporary file.
  const where = typeof target === 'string' ? { filename: target } : { stream: target }
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ ...where, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Sổ Giảm Nghèo'
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: doc.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 30 * MM_TO_INCH, right: 15 * MM_TO_INCH, top: 20 * MM_TO_INCH, bottom: 20 * MM_TO_INCH, header: 0.3, footer: 0.3 },
      horizontalCentered: true,
    },
    headerFooter: { oddHeader: '&C&P', differentFirst: true, firstHeader: '' },
    // The streaming writer writes the views when the sheet is created, so the frozen rows (the
    // first table's header) are computed up front from the same layout the rows follow below.
    views: firstTable ? [{ state: 'frozen', ySplit: firstHeaderEnd, xSplit: 0, topLeftCell: `A${firstHeaderEnd + 1}` }] : [],
  })
  if (firstTable) sheet.pageSetup.printTitlesRow = `${firstHeaderStart}:${firstHeaderEnd}`
  sheet.columns = Array.from({ length: width }, (_, i) => ({ width: firstTable?.columns[i]?.width ?? 14 }))

  let r = 1
  const split = Math.max(1, Math.floor(width * 0.4))
  const put = (
    row: number,
    from: number,
    to: number,
    text: string,
    font: Partial<ExcelJS.Font>,
    align: Partial<ExcelJS.Alignment> = {},
  ) => {
    if (to > from) sheet.mergeCells(row, from, row, to)
    const cell = sheet.getCell(row, from)
    cell.value = text
    cell.font = { name: FONT, size: 12, ...font }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true, ...align }
  }

  // The header block, as in print: agency left, national title right.
  const agency = doc.agency
  const rightLines: [string, Partial<ExcelJS.Font>][] = [
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }],
    ['Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true }],
  ]
  for (let i = 0; i < headerRows; i++) {
    const a = agency[i]
    if (a !== undefined) put(r + i, 1, split, a.toUpperCase(), { bold: i === agency.length - 1 })
    const right = rightLines[i]
    if (right) put(r + i, split + 1, width, right[0], right[1])
  }
  r += headerRows
  put(r, 1, split, `Số: ${doc.number || '      /'}`, {})
  put(r, split + 1, width, `${doc.place}, ${longViDate(doc.date)}`, { italic: true })
  r += 2
  put(r, 1, width, doc.title.toUpperCase(), { bold: true, size: 14 })
  sheet.getRow(r).height = 36
  r++
  if (doc.subtitle) put(r++, 1, width, doc.subtitle, { bold: true })
  r++

  for (const block of doc.body) {
    if (block.kind === 'table') {
      if (r !== firstHeaderStart && block.table === firstTable) throw new Error('document-xlsx: layout out of step with the frozen rows')
      r = writeTable(sheet, block.table, r)
      r++
    } else {
      put(
        r,
        1,
        width,
        block.text,
        {
          bold: block.kind === 'heading' || (block.kind === 'paragraph' && block.bold),
          italic: block.kind === 'paragraph' && block.italic,
        },
        { horizontal: 'left' },
      )
      sheet.getRow(r).height = Math.max(18, Math.ceil(block.text.length / (width * 9)) * 16)
      r++
    }
  }

  // Nơi nhận left, signature right.
  r++
  const footStart = r
  put(r, 1, split, 'Nơi nhận:', { bold: true, italic: true }, { horizontal: 'left' })
  doc.recipients.forEach((rec, i) =>
    put(footStart + 1 + i, 1, split, `- ${rec}${i === doc.recipients.length - 1 ? '.' : ';'}`, { size: 11 }, { horizontal: 'left' }),
  )
  put(footStart, split + 1, width, doc.signer.authority.toUpperCase(), { bold: true })
  put(footStart + 1, split + 1, width, doc.signer.title.toUpperCase(), { bold: true })
  put(footStart + 5, split + 1, width, doc.signer.name, { bold: true })

  await sheet.commit()
  await workbook.commit()
}

function writeTable(sheet: ExcelJS.Worksheet, t: DocTable, startRow: number): number {
  // Header: place each cell at the next free column of its row, skipping cells covered by a rowSpan above.
  const taken = new Set<string>()
  t.header.forEach((row, i) => {
    let col = 1
    for (const h of row) {
      while (taken.has(`${i}:${col}`)) col++
      const rs = h.rowSpan ?? 1
      const cs = h.colSpan ?? 1
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) taken.add(`${i + dr}:${col + dc}`)
      const r = startRow + i
      if (rs > 1 || cs > 1) sheet.mergeCells(r, col, r + rs - 1, col + cs - 1)
      for (let dr = 0; dr < rs; dr++)
        for (let dc = 0; dc < cs; dc++) {
          const cell = sheet.getCell(r + dr, col + dc)
          cell.border = THIN
          cell.font = { name: FONT, size: 11, bold: true }
          cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
        }
      sheet.getCell(r, col).value = h.text
      col += cs
    }
  })
  let r = startRow + t.header.length
  const bold = new Set(t.boldRows ?? [])
  // One style object per (column, weight, text or number), shared by every cell that uses it:
  // ExcelJS remembers the style id of an object it has seen, so a 100,000-row list does not
  // serialise a style per cell (5× slower when each cell gets its own).
  const styles = new Map<string, Partial<ExcelJS.Style>>()
  const styleFor = (c: number, isBold: boolean, numeric: boolean): Partial<ExcelJS.Style> => {
    const key = `${c}:${isBold ? 1 : 0}:${numeric ? 1 : 0}`
    let style = styles.get(key)
    if (!style) {
      const spec = t.columns[c]
      const format = spec ? NUMBER_FORMAT[spec.kind] : undefined
      style = {
        border: THIN,
        font: { name: FONT, size: 11, bold: isBold },
        alignment: { vertical: 'middle', horizontal: numeric ? 'right' : 'left', wrapText: spec?.kind === 'text' },
        ...(format && numeric ? { numFmt: format } : {}),
      }
      styles.set(key, style)
    }
    return style
  }
  t.rows.forEach((values, i) => {
    const row = sheet.getRow(r)
    const isBold = bold.has(i)
    values.forEach((v, c) => {
      const cell = row.getCell(c + 1)
      cell.value = v
      cell.style = styleFor(c, isBold, typeof v === 'number')
    })
    row.commit()
    r++
  })
  return r
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function safeSheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1'
}
