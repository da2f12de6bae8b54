import type { Classification } from '@shared/domain/households'
import type { HouseholdDetail } from '@shared/domain/household-views'
import { CLASS_LABEL } from '@shared/standards/classify'
import { formatVnd } from '@shared/text/format'

/** The class as the clerk reads it ("hộ nghèo"), not its stored code. */
const label = (c: Classification) => CLASS_LABEL[c] ?? c

const FIELDS: [keyof HouseholdDetail, string][] = [
  ['code', 'Mã hộ'],
  ['unitName', 'Thôn/tổ'],
  ['areaType', 'Khu vực'],
  ['address', 'Địa chỉ'],
  ['ethnicity', 'Dân tộc'],
  ['phone', 'Điện thoại'],
  ['notes', 'Ghi chú'],
]

/**
 * The audit rows keep whole before/after snapshots; the household page shows what changed in
 * words, including indicator overrides, so the clerk can see who changed a derived value.
 */
export function describeChanges(before: HouseholdDetail | null, after: HouseholdDetail | null): string[] {
  if (!before && after) return [`Tạo hộ ${after.code}, chủ hộ ${after.members.find((m) => m.relationship === 'head')?.fullName ?? ''}`]
  if (before && !after) return [`Xóa hộ ${before.code}`]
  if (!before || !after) return []
  const out: string[] = []
  for (const [key, label] of FIELDS) {
    if (before[key] !== after[key]) out.push(`${label}: ${String(before[key]) || '(trống)'} → ${String(after[key]) || '(trống)'}`)
  }
  const names = (d: HouseholdDetail) => d.members.map((m) => `${m.fullName} (${m.birthDate}${m.citizenId ? `, ${m.citizenId}` : ''})`)
  const [bm, am] = [names(before), names(after)]
  for (const m of am) if (!bm.includes(m)) out.push(`Thêm/sửa thành viên: ${m}`)
  for (const m of bm) if (!am.includes(m)) out.push(`Bỏ/sửa thành viên: ${m}`)
  for (const a of after.assessments) {
    const b = before.assessments.find((x) => x.year === a.year)
    if (!b) {
      out.push(`Đánh giá năm ${a.year}: ${label(a.classification)}`)
      continue
    }
    if (b.incomePerPersonMonth !== a.incomePerPersonMonth)
      out.push(`Thu nhập ${a.year}: ${formatVnd(b.incomePerPersonMonth)} → ${formatVnd(a.incomePerPersonMonth)}`)
    for (const ind of a.indicators) {
      const old = b.indicators.find((i) => i.no === ind.no)
      if (old && (old.deprived !== ind.deprived || old.source !== ind.source)) {
        const how = ind.source === 'override' ? ' (ghi đè giá trị tính từ thành viên)' : ''
        out.push(`Chỉ số ${ind.no} năm ${a.year}: ${old.deprived ? 'thiếu hụt' : 'không'} → ${ind.deprived ? 'thiếu hụt' : 'không'}${how}`)
      }
    }
    if (b.classification !== a.classification) out.push(`Phân loại ${a.year}: ${label(b.classification)} → ${label(a.classification)}`)
  }
  if (after.support.length !== before.support.length) out.push(`Hỗ trợ: ${before.support.length} → ${after.support.length} lượt`)
  return out
}

/** What an import's audit row for one household holds (write-rows.ts); older rows said `source` for the file. */
export interface ImportAuditAfter {
  file?: string
  source?: string
  row?: number
  assessment?: { year: number; classification: Classification }
}

/** An import's row in a household's trail: which file and row it came from, and the class it gave. */
export function describeImport(action: string, after: ImportAuditAfter | null): string[] {
  const file = after?.file ?? after?.source ?? ''
  const where = `tệp ${file}${after?.row ? `, dòng ${after.row}` : ''}`
  const out = [action === 'import.create' ? `Tạo hộ khi nhập từ ${where}` : `Cập nhật khi nhập từ ${where}`]
  if (after?.assessment) out.push(`Phân loại ${after.assessment.year}: ${label(after.assessment.classification)}`)
  return out
}

/** A dismissed possible-duplicate in a household's trail. */
export function describeDismissal(after: { reason: string; others: string[]; note: string } | null): string[] {
  const by = after?.reason === 'citizen_id' ? 'cùng số CCCD' : 'cùng họ tên và ngày sinh'
  const line = `Xác nhận không trùng với hộ ${after?.others.join(', ') ?? ''} (${by})`
  return [after?.note ? `${line}: ${after.note}` : line]
}
