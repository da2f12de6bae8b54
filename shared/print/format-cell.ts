import { formatDate, formatDecimal, formatInt } from '../text/format'
import type { Cell, ColumnSpec } from './document'

/** How a body cell reads on screen and on paper (Excel keeps the number and applies a format instead). */
export function formatCell(cell: Cell, spec: ColumnSpec | undefined): string {
  if (cell === null || cell === '') return ''
  if (typeof cell === 'string') return spec?.kind === 'date' ? formatDate(cell) : cell
  switch (spec?.kind) {
    case 'percent':
      return `${formatDecimal(cell * 100, 2)}%`
    case 'money':
    case 'int':
    case undefined:
    case 'text':
    case 'date':
      return Number.isInteger(cell) ? formatInt(cell) : formatDecimal(cell, 2)
  }
}

/** "ngày 15 tháng 6 năm 2026", the way the place-and-date line writes it (no leading zeros). */
export function longViDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  return `ngày ${Number(m[3])} tháng ${Number(m[2])} năm ${m[1]}`
}
