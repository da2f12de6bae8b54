import { MOVEMENT_REASONS, type MovementGroup, type MovementRow } from '@shared/domain/reviews'
import type { Cell, ColumnSpec, DocTable, HeaderCell } from '@shared/print/document'

/**
 * Form 2 (poor) or form 3 (near-poor) as a document table: a row per commune and the total, each
 * figure for households and persons side by side, start − decreases + increases = end.
 */
export function movementTable(rows: readonly MovementRow[], group: MovementGroup, heading = 'Xã/phường'): DocTable {
  const reasons = MOVEMENT_REASONS[group]
  const pairs = (n: number): HeaderCell[] => Array.from({ length: n }, () => [{ text: 'Hộ' }, { text: 'Khẩu' }]).flat()
  const header: HeaderCell[][] = [
    [
      { text: 'STT', rowSpan: 3 },
      { text: heading, rowSpan: 3 },
      { text: 'Đầu kỳ', colSpan: 2, rowSpan: 2 },
      { text: 'Giảm trong kỳ', colSpan: reasons.left.length * 2 },
      { text: 'Tăng trong kỳ', colSpan: reasons.entered.length * 2 },
      { text: 'Cuối kỳ', colSpan: 2, rowSpan: 2 },
    ],
    [...reasons.left, ...reasons.entered].map((r) => ({ text: r.label, colSpan: 2 })),
    pairs(2 + reasons.left.length + reasons.entered.length),
  ]
  const columns: ColumnSpec[] = [
    { kind: 'int', width: 5 },
    { kind: 'text', width: 20 },
    ...Array.from({ length: (2 + reasons.left.length + reasons.entered.length) * 2 }, () => ({ kind: 'int' as const, width: 7 })),
  ]
  const mine = rows.filter((r) => r.group === group)
  const communes = [...new Set(mine.map((r) => r.commune))]
  const body: Cell[][] = communes.map((commune, i) => {
    const h = mine.find((r) => r.commune === commune && r.unit === 'households')!
    const p = mine.find((r) => r.commune === commune && r.unit === 'persons')!
    return [
      commune === null ? '' : i + 1,
      h.communeName,
      h.start,
      p.start,
      ...reasons.left.flatMap((r) => [h.left[r.key] ?? 0, p.left[r.key] ?? 0]),
      ...reasons.entered.flatMap((r) => [h.entered[r.key] ?? 0, p.entered[r.key] ?? 0]),
      h.end,
      p.end,
    ]
  })
  return { header, columns, rows: body, boldRows: [body.length - 1] }
}
