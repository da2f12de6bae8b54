import type { AreaType, Classification } from '../domain/households'
import type { PovertyStandard } from './schema'

/** What the classification needs: the area, the income and which of the standard's indicators are deprived. */
export interface ClassifyInput {
  areaType: AreaType
  incomePerPersonMonth: number
  /** Indicator numbers (1-based, as the standard numbers them) that are deprived. */
  deprived: readonly number[]
  /** Last year's class, when known: a household that was poor or near-poor and is no longer is "newly escaped". */
  previous?: Classification | null
}

export interface ClassifyResult {
  class: Classification
  standard: string
  /** Plain Vietnamese sentences saying why, in order: income against the line(s), deprivations, rule. */
  reasons: string[]
  incomeLine: number
  nearPovertyLine: number | null
  averageLine: number
  deprived: number[]
  /** Circular 07/2021 scores: A from income (form B1, proportional to the line), B = points × deprivations (form B2). */
  scores: { income: number | null; deprivation: number; deprivationCount: number }
}

const vnd = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`

/**
 * The pure classification of one household in one year under one standard. No I/O, no clock: the
 * same inputs always give the same class and the same reasons (the form, the import, the CLI and
 * the reports all call this).
 */
export function classify(standard: PovertyStandard, input: ClassifyInput): ClassifyResult {
  const area = input.areaType
  const income = input.incomePerPersonMonth
  const known = new Set(standard.indicators.map((i) => i.no))
  const deprived = [...new Set(input.deprived)].filter((n) => known.has(n)).sort((a, b) => a - b)
  const count = deprived.length
  const line = standard.povertyLine[area]
  const averageLine = standard.averageLine[area]
  const min = standard.rule.minDeprivations
  const areaWord = area === 'rural' ? 'nông thôn' : 'thành thị'
  const reasons: string[] = []
  const names = deprived.map((n) => `${n}. ${standard.indicators.find((i) => i.no === n)?.name ?? ''}`)
  const deprivationReason = count === 0 ? 'Không thiếu hụt chỉ số nào' : `Thiếu hụt ${count} chỉ số: ${names.join('; ')}`

  let cls: Classification
  let nearLine: number | null = null
  if (standard.rule.kind === 'single_line') {
    if (income <= line) {
      reasons.push(`Thu nhập ${vnd(income)}/người/tháng ≤ chuẩn nghèo ${areaWord} ${vnd(line)}`)
      reasons.push(deprivationReason)
      cls = count >= min ? 'poor' : 'near_poor'
      reasons.push(count >= min ? `Từ ${min} chỉ số thiếu hụt trở lên → hộ nghèo` : `Dưới ${min} chỉ số thiếu hụt → hộ cận nghèo`)
    } else {
      reasons.push(`Thu nhập ${vnd(income)}/người/tháng > chuẩn nghèo ${areaWord} ${vnd(line)}`)
      cls = aboveLines(income, averageLine, reasons)
    }
  } else {
    nearLine = standard.rule.nearPovertyLine[area]
    if (income <= line) {
      reasons.push(`Thu nhập ${vnd(income)}/người/tháng ≤ chuẩn nghèo ${areaWord} ${vnd(line)} → hộ nghèo`)
      reasons.push(deprivationReason)
      cls = 'poor'
    } else if (income <= nearLine) {
      reasons.push(`Thu nhập ${vnd(income)} trên chuẩn nghèo ${vnd(line)}, không quá chuẩn cận nghèo ${vnd(nearLine)}`)
      reasons.push(deprivationReason)
      cls = count >= min ? 'poor' : 'near_poor'
      reasons.push(count >= min ? `Từ ${min} chỉ số thiếu hụt trở lên → hộ nghèo` : `Dưới ${min} chỉ số thiếu hụt → hộ cận nghèo`)
    } else {
      reasons.push(`Thu nhập ${vnd(income)}/người/tháng > chuẩn cận nghèo ${areaWord} ${vnd(nearLine)}`)
      cls = aboveLines(income, averageLine, reasons)
    }
  }
  if ((cls === 'average' || cls === 'none') && (input.previous === 'poor' || input.previous === 'near_poor')) {
    reasons.push(`Năm trước là ${input.previous === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo'} → hộ mới thoát nghèo`)
    cls = 'newly_escaped'
  }

  const scores = standard.scores
  const incomeScore = scores ? Math.round((income * scores.incomeScoreLine[area]) / line) : null
  const deprivationScore = scores ? count * scores.pointsPerDeprivation : count * 10
  return {
    class: cls,
    standard: standard.id,
    reasons,
    incomeLine: line,
    nearPovertyLine: nearLine,
    averageLine,
    deprived,
    scores: { income: incomeScore, deprivation: deprivationScore, deprivationCount: count },
  }
}

function aboveLines(income: number, averageLine: number, reasons: string[]): Classification {
  if (income <= averageLine) {
    reasons.push(`Không quá mức sống trung bình ${vnd(averageLine)} → hộ có mức sống trung bình`)
    return 'average'
  }
  reasons.push(`Trên mức sống trung bình ${vnd(averageLine)} → không thuộc nhóm nào`)
  return 'none'
}

export const CLASS_LABEL: Record<Classification, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  newly_escaped: 'Hộ mới thoát nghèo',
  average: 'Hộ có mức sống trung bình',
  none: 'Không thuộc nhóm nào',
}
