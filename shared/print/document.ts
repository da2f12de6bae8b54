/**
 * An official document (Decree 30/2020/NĐ-CP layout) described as data: the report, the urging
 * letter, the meeting minutes and the certificate are all one of these. The HTML print view
 * (electron/main/export/print/) lays it out; the Excel writer reuses the header block and tables.
 */
export interface OfficialDocument {
  /** Issuing agency, top left; the first line is the superior body when there are two. */
  agency: string[]
  /** "Số: 15/BC-UBND" — the number and symbol, without "Số:". Empty prints "Số:      /". */
  number: string
  /** "Ninh Bình" — used in the italic place-and-date line. */
  place: string
  /** ISO date of the document, printed "ngày 15 tháng 6 năm 2026". */
  date: string
  /** Title in bold capitals; the subtitle (a line under it, "Kỳ báo cáo: …") is optional. */
  title: string
  subtitle?: string
  /** Wide tables go landscape. */
  orientation: 'portrait' | 'landscape'
  body: Block[]
  /** "Nơi nhận:" list at bottom left. */
  recipients: string[]
  signer: Signer
}

export interface Signer {
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" … printed in bold capitals above the title. */
  authority: string
  /** "CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
  title: string
  name: string
}

export type Block =
  | { kind: 'paragraph'; text: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' | 'justify' }
  | { kind: 'heading'; text: string }
  | { kind: 'table'; table: DocTable }

/**
 * A table whose header may span several rows with merged cells. Body cells are already values:
 * numbers stay numbers so each rendering formats them its own way (1.234 in print, a number format
 * in Excel).
 */
export interface DocTable {
  header: HeaderCell[][]
  /** One entry per leaf column: how its body cells are aligned and formatted. */
  columns: ColumnSpec[]
  rows: Cell[][]
  /** Rows (by index) printed bold, e.g. totals. */
  boldRows?: number[]
}

export interface HeaderCell {
  text: string
  colSpan?: number
  rowSpan?: number
}

export interface ColumnSpec {
  kind: 'text' | 'int' | 'percent' | 'money' | 'date'
  /** Relative width (Excel characters; print uses it proportionally). */
  width: number
}

export type Cell = string | number | null
