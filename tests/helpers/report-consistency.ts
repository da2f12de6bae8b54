import { execFileSync } from 'node:child_process'
import type { Cell, DocTable, OfficialDocument } from '@shared/print/document'
import { formatCell } from '@shared/print/format-cell'
import { readXlsx } from './openpyxl'

function tables(doc: OfficialDocument): DocTable[] {
  return doc.body.flatMap((b) => (b.kind === 'table' ? [b.table] : []))
}

/** Every number of every table body, row by row, as the document holds them. */
export function documentNumbers(doc: OfficialDocument): number[] {
  return tables(doc).flatMap((t) => t.rows.flatMap((r) => r.filter((c): c is number => typeof c === 'number')))
}

/** Every number in the workbook, read back by openpyxl, row by row (the header block has none). */
export function workbookNumbers(file: string): number[] {
  const [sheet] = readXlsx(file)
  const cells = Object.entries(sheet!.cells).filter(([, c]) => typeof c.v === 'number')
  const ref = (a: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a)!
    return [Number(m[2]), m[1]!.length, m[1]!] as const
  }
  cells.sort(([a], [b]) => {
    const [ra, la, ca] = ref(a)
    const [rb, lb, cb] = ref(b)
    return ra - rb || la - lb || ca.localeCompare(cb)
  })
  return cells.map(([, c]) => c.v as number)
}

/** The PDF's text, one string per line, whitespace collapsed (pdftotext -layout keeps a row on a line). */
export function pdfLines(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
}

/** For each table row, the numbers as printed, in order (what a reader sees in the PDF). */
export function printedRowNumbers(doc: OfficialDocument): string[][] {
  return tables(doc).flatMap((t) =>
    t.rows.map((row) => row.flatMap((c: Cell, i) => (typeof c === 'number' ? [formatCell(c, t.columns[i])] : []))),
  )
}
