import type { AreaType, Classification, Livelihood } from '@shared/domain/households'
import { isRealDate, MAX_INCOME_PER_PERSON_MONTH } from '@shared/domain/households'
import { fold } from '@shared/text/fold'
import { parseViDate } from '@shared/text/format'
import type { ImportField } from './columns'
import { cellText, type CellValue } from './read-sheet'

export interface ParsedRow {
  rowNumber: number
  code: string
  headName: string
  birthDate: string
  sex: 'male' | 'female'
  ethnicity: string
  citizenId: string
  village: string
  address: string
  areaType: AreaType
  /** The household's main livelihood; null when the list has no such column or the cell is empty. */
  livelihood: Livelihood | null
  memberCount: number | null
  income: number
  deprived: number[]
  fileClass: Classification | null
  phone: string
  notes: string
  /** Things fixed on the way in that the clerk should know (a citizen ID's lost leading zero). */
  notices: string[]
}

export interface CellIssue {
  field: ImportField | null
  message: string
}

export interface ParseContext {
  map: Partial<Record<ImportField, number>>
  defaultAreaType: AreaType
  indicatorCount: number
  today: string
}

/** 'skip' for blank and footer rows, 'end' at the total row that closes the table. */
export type RowOutcome = { kind: 'row'; row: ParsedRow } | { kind: 'bad'; issues: CellIssue[] } | { kind: 'skip' } | { kind: 'end' }

const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/** Turns one sheet row into a household, or says precisely which cells are wrong and why. */
export function parseRow(number: number, cells: readonly CellValue[], pc: ParseContext): RowOutcome {
  const get = (f: ImportField): CellValue => {
    const c = pc.map[f]
    return c === undefined ? null : (cells[c] ?? null)
  }
  const texts = cells.map(cellText)
  if (texts.every((t) => !t)) return { kind: 'skip' }
  // Only a cell starting with T or C can fold to "tổng cộng"/"cộng": folding every cell of every
  // row just to learn that was a tenth of a 100,000-row import's own time.
  if (texts.some((t) => /^\s*[tc]/i.test(t) && /^(tong cong|tong so|cong)\b/.test(fold(t)))) return { kind: 'end' }
  const mappedFilled = Object.values(pc.map).filter((c) => texts[c]).length
  // Date lines and signature blocks under a table without a total row: one or two loose cells.
  if (mappedFilled <= 1 && !cellText(get('citizenId'))) return { kind: 'skip' }

  const issues: CellIssue[] = []
  const notices: string[] = []
  for (const f of Object.keys(pc.map) as ImportField[]) {
    const v = get(f)
    if (v && typeof v === 'object' && 'error' in v) issues.push({ field: f, message: `Ô có lỗi Excel (${v.error})` })
    if (v && typeof v === 'object' && 'formulaWithoutResult' in v)
      issues.push({ field: f, message: 'Ô chứa công thức chưa có kết quả; hãy mở tệp trong Excel, lưu lại rồi nhập' })
  }
  const text = (f: ImportField) => cellText(get(f))

  const headName = text('headName').replace(/\s+/g, ' ')
  if (!headName) issues.push({ field: 'headName', message: 'Thiếu họ tên chủ hộ' })
  const birthDate = parseBirth(get('birth'), pc.today, issues)
  const sexText = fold(text('sex'))
  const sex = sexText === 'nam' ? 'male' : sexText === 'nu' ? 'female' : null
  if (!sex) issues.push({ field: 'sex', message: sexText ? `Giới tính "${text('sex')}" không rõ (ghi Nam hoặc Nữ)` : 'Thiếu giới tính' })
  const citizenId = parseCitizenId(get('citizenId'), issues, notices)
  const income = parseMoney(get('income'), issues)
  const deprived = parseDeprivations(get('deprivations'), pc.indicatorCount, issues)
  const countCell = get('deprivationCount')
  if (typeof countCell === 'number' && deprived && countCell !== deprived.length) {
    issues.push({ field: 'deprivationCount', message: `Số chỉ số (${countCell}) khác số chỉ số được liệt kê (${deprived.length})` })
  }
  const members = get('memberCount')
  let memberCount: number | null = null
  if (members !== null && members !== '') {
    const n = typeof members === 'number' ? members : Number(cellText(members))
    if (!Number.isInteger(n) || n < 1 || n > 50)
      issues.push({ field: 'memberCount', message: 'Số nhân khẩu phải là số nguyên từ 1 đến 50' })
    else memberCount = n
  }
  const areaText = fold(text('areaType'))
  const areaType: AreaType = areaText.includes('thanh thi') || areaText === 'urban' ? 'urban' : areaText ? 'rural' : pc.defaultAreaType
  const village = text('village')
  if (!village) issues.push({ field: 'village', message: 'Thiếu thôn/bản/tổ dân phố' })
  const code = text('code')
  if (code && !/^[A-Za-z0-9._/-]{1,30}$/.test(code))
    issues.push({ field: 'code', message: 'Mã hộ chỉ gồm chữ không dấu, chữ số, dấu . / - _' })

  // A cell Excel already marks as wrong (an error value, a date that is not one) is reported once,
  // not again by the field's own check of what is left of it.
  if (issues.length) return { kind: 'bad', issues: issues.filter((x, i) => issues.findIndex((y) => y.field === x.field) === i) }
  return {
    kind: 'row',
    row: {
      rowNumber: number,
      code,
      headName,
      birthDate: birthDate!,
      sex: sex!,
      ethnicity: text('ethnicity'),
      citizenId,
      village,
      address: text('address'),
      areaType,
      livelihood: parseLivelihood(text('livelihood')),
      memberCount,
      income: income!,
      deprived: deprived!,
      fileClass: parseClass(text('classification')),
      phone: text('phone'),
      notes: text('notes'),
      notices,
    },
  }
}

/**
 * "Trồng trọt", "Nông nghiệp", "Làm muối", "Đánh bắt thủy sản"… as one of the livelihoods; any
 * other wording is "other", an empty cell is not recorded (null).
 */
export function parseLivelihood(text: string): Livelihood | null {
  const f = fold(text)
  if (!f) return null
  if (/diem nghiep|lam muoi|san xuat muoi/.test(f)) return 'salt'
  if (/ngu nghiep|thuy san|danh bat|nuoi trong/.test(f)) return 'fishery'
  if (/lam nghiep|trong rung|\brung\b/.test(f)) return 'forestry'
  if (/nong nghiep|trong trot|chan nuoi|lam ruong|\bruong\b|nong dan|\bnong\b/.test(f)) return 'farming'
  return 'other'
}

function parseBirth(v: CellValue, today: string, issues: CellIssue[]): string | null {
  const thisYear = Number(today.slice(0, 4))
  let iso: string | null = null
  if (v instanceof Date) iso = v.toISOString().slice(0, 10)
  else if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 1900 && v <= thisYear) iso = String(v)
    else if (v > 3000 && v < 80_000) iso = new Date(EXCEL_EPOCH + Math.floor(v) * 86_400_000).toISOString().slice(0, 10)
  } else if (typeof v === 'string') {
    const s = v.trim()
    if (/^\d{4}$/.test(s)) iso = s
    else if (/^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s)) iso = s
    else iso = parseViDate(s.replace(/[.-]/g, '/'))
  }
  if (v === null || v === '') {
    issues.push({ field: 'birth', message: 'Thiếu năm sinh' })
    return null
  }
  if (!iso) {
    issues.push({ field: 'birth', message: `Ngày sinh "${cellText(v)}" không hợp lệ (ghi dd/mm/yyyy hoặc năm sinh)` })
    return null
  }
  if (iso.length === 4 ? Number(iso) > thisYear : iso > today) {
    issues.push({ field: 'birth', message: 'Ngày sinh không được ở tương lai' })
    return null
  }
  return iso
}

function parseCitizenId(v: CellValue, issues: CellIssue[], notices: string[]): string {
  if (v === null || v === '') return ''
  let digits: string
  if (typeof v === 'number') {
    digits = String(v)
    // Stored as a number, the leading 0 of every CCCD (province codes start 001–096) is gone.
    if (digits.length === 11 || digits.length === 8) {
      digits = `0${digits}`
      notices.push(`Số CCCD ${v} được lưu dạng số, đã thêm số 0 đầu: ${digits}`)
    }
  } else digits = cellText(v).replace(/[\s.]/g, '')
  if (!/^(\d{9}|\d{12})$/.test(digits)) {
    issues.push({ field: 'citizenId', message: `Số CCCD "${cellText(v)}" phải gồm đúng 12 chữ số (CMND cũ: 9 chữ số)` })
    return ''
  }
  return digits
}

function parseMoney(v: CellValue, issues: CellIssue[]): number | null {
  if (v === null || v === '') {
    issues.push({ field: 'income', message: 'Thiếu thu nhập bình quân' })
    return null
  }
  const n =
    typeof v === 'number'
      ? v
      : Number(
          cellText(v)
            .replace(/đồng|đ|vnd|\s|\./gi, '')
            .replace(',', '.'),
        )
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) {
    issues.push({ field: 'income', message: `Thu nhập "${cellText(v)}" phải là số nguyên không âm (đồng)` })
    return null
  }
  if (n > MAX_INCOME_PER_PERSON_MONTH) {
    issues.push({ field: 'income', message: `Thu nhập "${cellText(v)}" quá lớn (tối đa 1.000.000.000 đồng một người một tháng)` })
    return null
  }
  return n
}

function parseDeprivations(v: CellValue, count: number, issues: CellIssue[]): number[] | null {
  if (v === null || v === '') return []
  const parts =
    typeof v === 'number'
      ? [String(v)]
      : cellText(v)
          .split(/[,;\s/]+/)
          .filter(Boolean)
  const out: number[] = []
  for (const p of parts) {
    const n = Number(p)
    if (!Number.isInteger(n) || n < 1 || n > count) {
      issues.push({ field: 'deprivations', message: `Chỉ số thiếu hụt "${p}" không hợp lệ (từ 1 đến ${count}, ngăn cách bởi dấu phẩy)` })
      return null
    }
    if (!out.includes(n)) out.push(n)
  }
  return out.sort((a, b) => a - b)
}

export function parseClass(text: string): Classification | null {
  const f = fold(text).replace(/^ho /, '')
  if (f === 'ngheo') return 'poor'
  if (f === 'can ngheo') return 'near_poor'
  if (f.startsWith('moi thoat ngheo') || f === 'thoat ngheo') return 'newly_escaped'
  if (f.startsWith('muc song trung binh') || f === 'trung binh') return 'average'
  if (f.startsWith('khong')) return 'none'
  return null
}
