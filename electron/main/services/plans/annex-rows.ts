import type { Deadline } from '@shared/domain/deadline'
import { parseDeadlineText } from '@shared/domain/deadline-text'
import { fold } from '@shared/text/fold'
import { findHeaderRow, type FieldSynonyms } from '@shared/text/header-match'
import type { RowError } from '../unit-list'
import { nameKey } from './keys'

/** The columns of a plan's task annex, with the wordings plans use (matched folded, see header-match). */
export const ANNEX_FIELDS: readonly FieldSynonyms<'seq' | 'content' | 'lead' | 'coordinators' | 'deadline'>[] = [
  { field: 'seq', synonyms: ['stt', 'số tt', 'số thứ tự', 'tt'] },
  { field: 'content', synonyms: ['nội dung nhiệm vụ', 'nội dung công việc', 'nhiệm vụ', 'nội dung', 'tên nhiệm vụ', 'công việc'] },
  { field: 'lead', synonyms: ['cơ quan chủ trì', 'đơn vị chủ trì', 'cơ quan chủ trì thực hiện', 'chủ trì', 'cơ quan thực hiện'] },
  { field: 'coordinators', synonyms: ['cơ quan phối hợp', 'đơn vị phối hợp', 'phối hợp', 'cơ quan phối hợp thực hiện'] },
  {
    field: 'deadline',
    synonyms: ['thời hạn hoàn thành', 'thời gian hoàn thành', 'thời hạn', 'thời gian thực hiện', 'tiến độ', 'thời gian'],
  },
]

export interface AnnexTaskDraft {
  /** 1-based row in the sheet, for messages. */
  row: number
  seq: string
  content: string
  leadName: string
  coordinatorNames: string[]
  deadline: Deadline
}

export interface AnnexParse {
  columns: { field: string; header: string }[]
  drafts: AnnexTaskDraft[]
  errors: RowError[]
  /** Agency names the office's list does not have, as first written in the file. */
  unknownAgencies: string[]
}

/**
 * Turns the rows of an annex into task drafts and row-level errors. Title rows above the header are
 * skipped; a row with a Roman numeral and no agency ("II. NHIỆM VỤ CỤ THỂ") opens a section, and the
 * tasks under it are numbered "II.1", "II.2" so numbers stay unique within the plan.
 */
export function parseAnnexRows(rows: string[][], isKnownAgency: (name: string) => boolean): AnnexParse {
  const header = findHeaderRow(rows, ANNEX_FIELDS, { minFields: 3 })
  if (!header) {
    return {
      columns: [],
      drafts: [],
      errors: [
        {
          row: 1,
          column: '',
          message: 'Không thấy dòng tiêu đề có các cột "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn hoàn thành".',
        },
      ],
      unknownAgencies: [],
    }
  }
  const col = new Map(header.matches.map((m) => [m.field, m]))
  const errors: RowError[] = []
  for (const required of ['content', 'lead', 'deadline'] as const) {
    if (!col.has(required)) {
      const label = { content: 'Nội dung nhiệm vụ', lead: 'Cơ quan chủ trì', deadline: 'Thời hạn hoàn thành' }[required]
      errors.push({ row: header.row + 1, column: '', message: `Thiếu cột "${label}".` })
    }
  }
  const columns = header.matches.map((m) => ({ field: m.field, header: m.header }))
  if (errors.length) return { columns, drafts: [], errors, unknownAgencies: [] }

  const cell = (r: string[], f: string) => (r[col.get(f as never)?.column ?? -1] ?? '').trim()
  const headerOf = (f: string) => col.get(f as never)?.header ?? ''
  const drafts: AnnexTaskDraft[] = []
  const unknown = new Map<string, string>()
  const seenSeq = new Map<string, number>()
  let section = ''
  let counter = 0

  for (let r = header.row + 1; r < rows.length; r++) {
    const cells = rows[r]!
    const [seqCell, content, lead, coord, due] = [
      cell(cells, 'seq'),
      cell(cells, 'content'),
      cell(cells, 'lead'),
      cell(cells, 'coordinators'),
      cell(cells, 'deadline'),
    ]
    if (![seqCell, content, lead, coord, due].some(Boolean)) continue
    // Column-number rows under the header ("(1) (2) (3)") carry no task.
    if ([seqCell, content, lead, due].every((c) => /^\(?\d+\)?$/.test(c) || c === '')) continue
    if (!lead && !due) {
      if (/^[IVX]+\.?$/i.test(seqCell) || /^[A-Z]\.?$/.test(seqCell) || !seqCell) section = seqCell.replace(/\.$/, '')
      continue
    }
    // The place-and-date line and signatures under the table sit in some column with no task in it.
    if (!content && !lead) continue
    const rowNo = r + 1
    const before = errors.length
    if (!content) errors.push({ row: rowNo, column: headerOf('content'), message: 'Thiếu nội dung nhiệm vụ.' })
    if (!lead) errors.push({ row: rowNo, column: headerOf('lead'), message: 'Thiếu cơ quan chủ trì.' })
    const coordinators = splitAgencies(coord)
    if (lead && coordinators.some((c) => nameKey(c) === nameKey(lead))) {
      errors.push({
        row: rowNo,
        column: headerOf('coordinators'),
        message: `"${lead}" đã là cơ quan chủ trì, không thể đồng thời là cơ quan phối hợp.`,
      })
    }
    const parsed = parseDeadlineText(due)
    if (!parsed.ok) errors.push({ row: rowNo, column: headerOf('deadline'), message: parsed.message })
    counter++
    const own = seqCell.replace(/\.$/, '') || String(counter)
    const seq = section && !own.includes('.') ? `${section}.${own}` : own
    const dup = seenSeq.get(seq)
    if (dup !== undefined) errors.push({ row: rowNo, column: headerOf('seq'), message: `Số thứ tự ${seq} trùng với dòng ${dup}.` })
    seenSeq.set(seq, rowNo)
    if (errors.length > before || !parsed.ok) continue
    for (const name of [lead, ...coordinators]) {
      if (!isKnownAgency(name) && !unknown.has(nameKey(name))) unknown.set(nameKey(name), name)
    }
    drafts.push({ row: rowNo, seq, content, leadName: lead, coordinatorNames: coordinators, deadline: parsed.deadline })
  }
  return { columns, drafts, errors, unknownAgencies: [...unknown.values()] }
}

/** Words an agency's name starts with; a comma followed by one of them starts the next agency. */
const AGENCY_START =
  /^(so|ubnd|uy ban|hoi|ban|ngan hang|mat tran|doan|lien doan|tinh doan|cong an|bo|cuc|chi cuc|kho bac|truong|bao hiem|van phong|phong|trung tam|lien minh|dai|bao|cac)\b/

/**
 * "Sở Tài chính, Sở Y tế; UBND các huyện" → three names. Semicolons and line breaks always
 * separate; a comma only when what follows starts like an agency name, because names hold commas
 * ("Sở Văn hóa, Thể thao và Du lịch", "UBND các xã, phường"). "và" is never a separator.
 */
export function splitAgencies(text: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const chunk of text.split(/[;\n]+/)) {
    const parts: string[] = []
    for (const piece of chunk.split(',')) {
      const trimmed = piece.trim()
      if (parts.length && !AGENCY_START.test(fold(trimmed))) parts[parts.length - 1] += `, ${trimmed}`
      else parts.push(trimmed)
    }
    for (const part of parts) {
      const name = part
        .replace(/^[\s\-–+•]+/, '')
        .replace(/[,\s]+$/, '')
        .trim()
      if (name && !seen.has(nameKey(name))) {
        seen.add(nameKey(name))
        out.push(name)
      }
    }
  }
  return out
}
