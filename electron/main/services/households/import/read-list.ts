import { ApiError } from '@shared/contract/errors'
import type { AreaType } from '@shared/domain/households'
import { findLayout, IMPORT_FIELDS, REQUIRED_FIELDS, resolveMapping, type HeaderLayout, type ImportField } from './columns'
import { parseRow, type ParsedRow } from './parse-row'
import { MAX_DATA_ROWS, readSheetRows, type SheetRow } from './read-sheet'
import type { ImportRowError } from '@shared/domain/household-import'

export interface ReadList {
  layout: HeaderLayout
  map: Partial<Record<ImportField, number>>
  rows: ParsedRow[]
  errors: ImportRowError[]
  /** The total row that closed the table, and the rows after it that hold a household's data: not imported, and said so. */
  end: { row: number; rowsAfter: number[] } | null
}

/** Reads and checks every data row of the chosen sheet; nothing is written here. */
export async function readList(args: {
  path: string
  sheet: string
  sheetIndex: number
  sheets: readonly string[]
  mapping: Partial<Record<ImportField, number | null>>
  defaultAreaType: AreaType
  indicatorCount: number
  today: string
  maxRows?: number
  onProgress: (rowsRead: number) => void
  checkpoint: () => void
}): Promise<ReadList> {
  const head: SheetRow[] = []
  let layout: HeaderLayout | null = null
  let map: Partial<Record<ImportField, number>> = {}
  const rows: ParsedRow[] = []
  const errors: ImportRowError[] = []
  let end: ReadList['end'] = null
  let read = 0

  const handle = (r: SheetRow) => {
    const outcome = parseRow(r.number, r.cells, {
      map,
      defaultAreaType: args.defaultAreaType,
      indicatorCount: args.indicatorCount,
      today: args.today,
    })
    if (end) {
      // Past the total row: a second table, or households typed under the total. Not imported, but counted.
      if (outcome.kind === 'row' || outcome.kind === 'bad') end.rowsAfter.push(r.number)
      return
    }
    if (outcome.kind === 'end') end = { row: r.number, rowsAfter: [] }
    else if (outcome.kind === 'row') rows.push(outcome.row)
    else if (outcome.kind === 'bad') {
      for (const i of outcome.issues) errors.push({ row: r.number, column: columnLabel(layout!, map, i.field), message: i.message })
    }
  }
  const decide = () => {
    layout = findLayout(head)
    if (!layout) {
      throw new ApiError(
        'BAD_INPUT',
        'Không tìm thấy dòng tiêu đề cột trong 30 dòng đầu (cần các cột như "Họ và tên chủ hộ", "Số CCCD", "Thu nhập").',
        ['sheet'],
      )
    }
    map = resolveMapping(layout.matches, args.mapping)
    const missing = REQUIRED_FIELDS.filter((f) => map[f] === undefined)
    if (missing.length) {
      const names = missing.map((f) => `"${IMPORT_FIELDS.find((x) => x.field === f)!.synonyms[0]}"`).join(', ')
      throw new ApiError('BAD_INPUT', `Thiếu cột bắt buộc: ${names}. Hãy chọn cột tương ứng.`, ['mapping'])
    }
    for (const r of head.slice(layout.headerIndex + 1)) handle(r)
  }

  for await (const r of readSheetRows(args.path, args.sheet, args.sheetIndex, args.sheets, args.maxRows ?? MAX_DATA_ROWS)) {
    read++
    if (!layout) {
      head.push(r)
      if (head.length === 30) decide()
    } else handle(r)
    if (read % 2000 === 0) {
      args.onProgress(read)
      // Let progress polls and Cancel through between chunks.
      await new Promise((ok) => setImmediate(ok))
      args.checkpoint()
    }
  }
  if (!layout) {
    if (head.length === 0) throw new ApiError('BAD_INPUT', 'Trang tính trống.', ['sheet'])
    decide()
  }
  return { layout: layout!, map, rows, errors, end }
}

export function columnLabel(layout: HeaderLayout, map: Partial<Record<ImportField, number>>, field: ImportField | null): string {
  if (!field) return ''
  const c = map[field]
  return c === undefined ? (IMPORT_FIELDS.find((f) => f.field === field)?.synonyms[0] ?? field) : layout.labels[c] || `Cột ${c + 1}`
}
