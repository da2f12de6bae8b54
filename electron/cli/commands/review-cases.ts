import { ApiError } from '@shared/contract/errors'
import { RestandardSchema } from '@shared/domain/reviews'
import { CLASS_LABEL } from '@shared/standards/classify'
import { formatInt, parseViDate } from '@shared/text/format'

import { UsageError, type Command } from '../command'
import { withRouter } from '../router'

// The review's per-household steps on the command line (form 01 application, survey) and moving a
// review to another standard: the channels the page calls, for headless checks. A household is
// named by its code (review.findCase finds it and its case in the year's list).

function yearOption(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw new UsageError('Cần --year NĂM (4 chữ số)')
  return Number(value)
}

function textOption(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`Cần --${name}`)
  return value.trim()
}

const applyCommand: Command = {
  name: ['review', 'apply'],
  usage: 'review apply --year NĂM --household MÃ_HỘ --date DD/MM/YYYY [--reason LÝ_DO] [--by NGƯỜI_ĐỀ_NGHỊ]',
  summary: 'Ghi giấy đề nghị (mẫu 01) của một hộ: hộ vào danh sách rà soát của năm',
  options: {
    year: { type: 'string' },
    household: { type: 'string' },
    date: { type: 'string' },
    reason: { type: 'string' },
    by: { type: 'string' },
  },
  channels: ['review.findCase', 'review.addApplicant'],
  async run({ values, dbPath }, io) {
    const year = yearOption(values.year)
    const code = textOption(values.household, 'household MÃ_HỘ')
    const appliedOn = parseViDate(textOption(values.date, 'date DD/MM/YYYY'))
    if (!appliedOn) throw new UsageError('--date phải có dạng DD/MM/YYYY')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const household = await call('review.findCase', { year, code })
      const row = await call('review.addApplicant', {
        year,
        householdId: household.householdId,
        appliedOn,
        applicantName: (values.by as string | undefined) ?? '',
        reason: (values.reason as string | undefined) ?? '',
      })
      io.out(
        `Đã ghi giấy đề nghị của hộ ${code} (${row.headName}), người đề nghị ${row.applicantName}: hộ vào danh sách rà soát năm ${year}.`,
      )
      return 0
    })
  },
}

const surveyCommand: Command = {
  name: ['review', 'survey'],
  usage: 'review survey --year NĂM --household MÃ_HỘ --b1 ĐIỂM --deprivations 1,4,9 [--form-a pass|fail] [--income ĐỒNG] [--area M2]',
  summary: 'Ghi kết quả khảo sát một hộ (phiếu A, điểm B1 ghi trên phiếu, các chỉ số thiếu hụt phiếu B2) và in kết quả phân loại',
  options: {
    year: { type: 'string' },
    household: { type: 'string' },
    b1: { type: 'string' },
    deprivations: { type: 'string' },
    'form-a': { type: 'string' },
    income: { type: 'string' },
    area: { type: 'string' },
  },
  channels: ['review.findCase', 'review.case', 'households.standards', 'review.survey'],
  async run({ values, dbPath }, io) {
    const year = yearOption(values.year)
    const code = textOption(values.household, 'household MÃ_HỘ')
    const b1Text = values.b1 === undefined ? null : String(values.b1)
    if (b1Text !== null && !/^\d{1,4}$/.test(b1Text)) throw new UsageError('--b1 là điểm B1 (số nguyên) như ghi trên phiếu B1')
    const depText = String(values.deprivations ?? '').trim()
    if (depText && !/^\d+(\s*[,;]\s*\d+)*$/.test(depText))
      throw new UsageError('--deprivations là các số chỉ số, cách nhau bởi dấu phẩy: 1,4,9')
    const deprived = depText ? depText.split(/[,;]/).map((n) => Number(n.trim())) : []
    const formA = values['form-a'] as string | undefined
    if (formA !== undefined && formA !== 'pass' && formA !== 'fail') throw new UsageError('--form-a là pass (đạt) hoặc fail (không đạt)')
    const income = values.income === undefined ? undefined : Number(values.income)
    if (income !== undefined && !Number.isInteger(income)) throw new UsageError('--income là số đồng (số nguyên)')
    const area = values.area === undefined ? null : Number(String(values.area).replace(',', '.'))
    if (area !== null && !Number.isFinite(area)) throw new UsageError('--area là diện tích nhà (m²)')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const found = await call('review.findCase', { year, code })
      if (!found.caseId) {
        io.err(`Hộ ${code} không có trong danh sách rà soát năm ${year} (ghi giấy đề nghị trước: review apply).`)
        return 1
      }
      const caseId = found.caseId
      // The standard the case is classified under, as the office has it (with its corrections).
      const { standardId } = await call('review.case', { id: caseId })
      const standard = (await call('households.standards', {})).find((s) => s.id === standardId)
      if (!standard) throw new ApiError('NOT_FOUND', `Không tìm thấy chuẩn nghèo ${standardId}.`)
      const unknown = deprived.filter((n) => !standard.indicators.some((i) => i.no === n))
      if (unknown.length) {
        io.err(`${standard.name} không có chỉ số ${unknown.join(', ')} (chỉ có 1–${standard.indicators.length}).`)
        return 1
      }
      // Form B2 as the surveyor filled it: every indicator said, derivable ones included (as overrides).
      const indicators = standard.indicators.map((i) => ({
        no: i.no,
        deprived: deprived.includes(i.no),
        source: i.derive ? ('override' as const) : ('entered' as const),
      }))
      const d = await call('review.survey', {
        caseId,
        screening: { result: (formA as 'pass' | 'fail' | undefined) ?? null },
        b1Score: b1Text === null ? null : Number(b1Text),
        assessment: { ...(income === undefined ? {} : { incomePerPersonMonth: income }), housingAreaM2: area, indicators },
      })
      io.out(`${d.code} ${d.headName}: ${d.classification ? CLASS_LABEL[d.classification] : '—'} (${standard.name})`)
      io.out(`Điểm B1: ${d.incomeScore ?? '—'} · Điểm B2: ${d.deprivationScore ?? 0}`)
      for (const r of d.reasons) io.out(`  - ${r}`)
      return 0
    })
  },
}

const restandardCommand: Command = {
  name: ['review', 'restandard'],
  usage: 'review restandard --year NĂM --standard MÃ_CHUẨN --reason LÝ_DO [--yes]',
  summary: 'Xem trước rồi (với --yes) chuyển kỳ rà soát chưa phê duyệt sang chuẩn nghèo khác, phân loại lại mọi hộ',
  options: { year: { type: 'string' }, standard: { type: 'string' }, reason: { type: 'string' }, yes: { type: 'boolean' } },
  channels: ['review.restandardPreview', 'review.restandard'],
  async run({ values, dbPath }, io) {
    const year = yearOption(values.year)
    const standardId = textOption(values.standard, 'standard MÃ_CHUẨN')
    const reason = textOption(values.reason, 'reason LÝ_DO')
    // Checked before the preview, so a reason too short to keep is said first.
    RestandardSchema.parse({ year, standardId, reason })
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const p = await call('review.restandardPreview', { year, standardId })
      io.out(`Kỳ rà soát năm ${year}: ${p.fromStandardName} → ${p.toStandardName}`)
      io.out(`Phân loại lại ${formatInt(p.reclassified)} hộ đã khảo sát; ${formatInt(p.changed)} hộ đổi nhóm.`)
      if (p.backToSurvey) io.out(`${formatInt(p.backToSurvey)} hộ đã họp thôn/niêm yết đổi nhóm: cần họp thôn lại.`)
      for (const c of p.changes.slice(0, 50)) io.out(`  ${c.code} ${c.headName}: ${CLASS_LABEL[c.from]} → ${CLASS_LABEL[c.to]}`)
      if (p.changes.length > 50) io.out(`  … và ${p.changes.length - 50} hộ khác`)
      if (p.newIndicators.length) io.out(`Chỉ số mới (chưa thiếu hụt cho đến khi khảo sát lại): ${p.newIndicators.join('; ')}`)
      if (!values.yes) {
        io.out('Chưa chuyển. Chạy lại với --yes để chuyển.')
        return 0
      }
      const { cycle } = await call('review.restandard', { year, standardId, reason })
      io.out(`Đã chuyển kỳ rà soát năm ${year} sang ${cycle.standardName}.`)
      return 0
    })
  },
}

export const reviewCaseCommands: Command[] = [applyCommand, surveyCommand, restandardCommand]
