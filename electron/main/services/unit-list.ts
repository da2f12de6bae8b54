import type { UnitDraftValue as UnitDraft, UnitKind } from '@shared/domain/units'
import { fold } from '@shared/text/fold'

export interface RowError {
  row: number
  column: string
  message: string
}

/**
 * Header words (folded) that name a level of the hierarchy. A list of units usually has one column
 * per level ("Xã/Phường", "Thôn/Bản") with one row per village; which levels appear is up to the file.
 */
// Anchored at the start ("Xã/Phường", "Tên thôn", "Mã xã") so that a title row such as
// "DANH MỤC ĐỊA BÀN" is not taken for a header because it contains the word "bàn".
const LEVEL_WORDS: [UnitKind, RegExp][] = [
  ['province', /^(ma |ten )?(tinh|thanh pho truc thuoc)\b/],
  ['district', /^(ma |ten )?(huyen|quan|thi xa)\b/],
  ['commune', /^(ma |ten )?(xa|phuong|thi tran|dac khu)\b/],
  ['village', /^(ma |ten )?(thon|ban|xom|to dan pho|to|ap|khu pho|lang|buon|plei|soc)\b/],
]
const ORDER: UnitKind[] = ['province', 'district', 'commune', 'village']

interface Column {
  index: number
  kind: UnitKind
  isCode: boolean
  header: string
}

function classify(header: string, index: number): Column | null {
  const h = fold(header)
  if (!h) return null
  const isCode = /^ma\b/.test(h)
  for (const [kind, re] of LEVEL_WORDS) if (re.test(h)) return { index, kind, isCode, header }
  return null
}

/** Turns the rows of a units file into drafts (parents first) and row-level errors. */
export function parseUnitRows(rows: string[][]): { drafts: UnitDraft[]; errors: RowError[] } {
  const headerAt = rows.findIndex((r) => r.some((c) => classify(c, 0)?.isCode === false))
  if (headerAt < 0) {
    return { drafts: [], errors: [{ row: 1, column: '', message: 'Không thấy dòng tiêu đề có cột Xã/Phường hoặc Thôn/Bản.' }] }
  }
  const columns = rows[headerAt]!.map(classify).filter((c): c is Column => c !== null)
  const levels = ORDER.filter((k) => columns.some((c) => c.kind === k && !c.isCode))
  const nameCol = new Map(levels.map((k) => [k, columns.find((c) => c.kind === k && !c.isCode)!]))
  const codeCol = new Map(columns.filter((c) => c.isCode).map((c) => [c.kind, c]))

  const drafts: UnitDraft[] = []
  const errors: RowError[] = []
  const indexByKey = new Map<string, number>()
  // Excel lists often merge the commune cell over its villages: a blank cell repeats the one above.
  const carried = new Map<UnitKind, { name: string; code: string }>()

  for (let r = headerAt + 1; r < rows.length; r++) {
    const cells = rows[r]!
    if (cells.every((c) => !c)) continue
    let parentIndex: number | null = null
    let parentKey = ''
    for (const [depth, kind] of levels.entries()) {
      const col = nameCol.get(kind)!
      let name = (cells[col.index] ?? '').trim()
      let code = (cells[codeCol.get(kind)?.index ?? -1] ?? '').trim()
      if (!name) {
        const above = depth < levels.length - 1 ? carried.get(kind) : undefined
        if (!above) {
          if (depth === levels.length - 1 && parentIndex !== null) break // a row naming only the upper levels
          errors.push({ row: r + 1, column: col.header, message: 'Thiếu tên đơn vị.' })
          break
        }
        ;({ name, code } = above)
      } else {
        if (code && !/^[A-Za-z0-9._-]{1,20}$/.test(code)) {
          errors.push({ row: r + 1, column: codeCol.get(kind)!.header, message: `Mã "${code}" không hợp lệ.` })
          // Rows below with a blank cell belonged to this bad row, not to the unit before it.
          for (const level of levels.slice(depth)) carried.delete(level)
          break
        }
        carried.set(kind, { name, code })
        for (const deeper of levels.slice(depth + 1)) carried.delete(deeper)
      }
      const key = `${parentKey}/${kind}:${fold(name)}`
      let index = indexByKey.get(key)
      if (index === undefined) {
        index = drafts.length
        drafts.push({ kind, code, name, parentIndex })
        indexByKey.set(key, index)
      }
      parentIndex = index
      parentKey = key
    }
  }
  return { drafts, errors }
}
