import { LIVELIHOOD_LABEL, type AreaType, type Classification, type Livelihood } from '../domain/households'
import type { PovertyStandard } from './schema'

/** What the classification needs: the area, the income and which of the standard's indicators are deprived. */
export interface ClassifyInput {
  areaType: AreaType
  incomePerPersonMonth: number
  /** Indicator numbers (1-based, as the standard numbers them) that are deprived. */
  deprived: readonly number[]
  /** Last year's class, when known: a household that was poor or near-poor and is no longer is "newly escaped". */
  previous?: Classification | null
  /**
   * The B1 score the surveyor computed on paper form B1 (the review's survey only). With it, and
   * with the standard's B1 thresholds, the review classifies by B1/B2 instead of income.
   */
  b1Score?: number | null
  /** The household's main livelihood: only farming, forestry, fishery and salt-making households can be "average". */
  livelihood?: Livelihood | null
}

export interface ClassifyResult {
  class: Classification
  standard: string
  /** Plain Vietnamese sentences saying why, in order: income (or B1) against the line(s), deprivations, rule. */
  reasons: string[]
  /** How the class was decided: by the entered B1 score, or by income. */
  basis: 'b1' | 'income'
  incomeLine: number
  nearPovertyLine: number | null
  /** Null when the standard has no average-living band. */
  averageLine: number | null
  deprived: number[]
  /** Circular 07/2021 scores: B1 as entered on the paper form (null when none was entered), B2 = points × deprivations. */
  scores: { b1: number | null; deprivation: number; deprivationCount: number }
}

const vnd = (n: number) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`

/**
 * The pure classification of one household in one year under one standard. No I/O, no clock: the
 * same inputs always give the same class and the same reasons (the form, the import, the CLI, the
 * review's survey and the reports all call this). Nothing here computes a B1 score: it is entered.
 */
export function classify(standard: PovertyStandard, input: ClassifyInput): ClassifyResult {
  const area = input.areaType
  const income = input.incomePerPersonMonth
  const known = new Set(standard.indicators.map((i) => i.no))
  const deprived = [...new Set(input.deprived)].filter((n) => known.has(n)).sort((a, b) => a - b)
  const count = deprived.length
  const line = standard.povertyLine[area]
  const averageLine = standard.averageLine?.[area] ?? null
  const min = standard.rule.minDeprivations
  const areaWord = area === 'rural' ? 'nông thôn' : 'thành thị'
  const reasons: string[] = []
  const names = deprived.map((n) => `${n}. ${standard.indicators.find((i) => i.no === n)?.name ?? ''}`)
  const deprivationReason = count === 0 ? 'Không thiếu hụt chỉ số nào' : `Thiếu hụt ${count} chỉ số: ${names.join('; ')}`
  const points = standard.scores?.pointsPerDeprivation ?? 10
  const b2 = count * points
  const b1 = input.b1Score ?? null
  const b1Line = standard.scores?.incomeScoreLine?.[area] ?? null
  const above = () => aboveLines(standard, income, line, averageLine, input.livelihood ?? null, reasons)

  let cls: Classification
  let nearLine: number | null = null
  let basis: ClassifyResult['basis'] = 'income'
  if (b1 !== null && b1Line !== null && standard.scores) {
    basis = 'b1'
    const threshold = standard.scores.deprivationScoreThreshold
    if (b1 <= b1Line) {
      reasons.push(`Điểm B1 ${b1} ≤ ${b1Line} (ngưỡng ${areaWord})`)
      reasons.push(`${deprivationReason} → điểm B2 ${b2}`)
      cls = b2 >= threshold ? 'poor' : 'near_poor'
      reasons.push(b2 >= threshold ? `Điểm B2 từ ${threshold} trở lên → hộ nghèo` : `Điểm B2 dưới ${threshold} → hộ cận nghèo`)
    } else {
      reasons.push(`Điểm B1 ${b1} > ${b1Line} (ngưỡng ${areaWord}) → không thuộc diện nghèo, cận nghèo`)
      cls = above()
    }
  } else {
    if (b1 !== null) {
      reasons.push(
        `${standard.name} chưa có ngưỡng điểm B1 (chưa xác nhận; nhập tại Cài đặt): phân loại theo thu nhập, điểm B1 đã ghi ${b1} chưa được dùng`,
      )
    }
    if (standard.rule.kind === 'single_line') {
      if (income <= line) {
        reasons.push(`Thu nhập ${vnd(income)}/người/tháng ≤ chuẩn nghèo ${areaWord} ${vnd(line)}`)
        reasons.push(deprivationReason)
        cls = count >= min ? 'poor' : 'near_poor'
        reasons.push(count >= min ? `Từ ${min} chỉ số thiếu hụt trở lên → hộ nghèo` : `Dưới ${min} chỉ số thiếu hụt → hộ cận nghèo`)
      } else {
        reasons.push(`Thu nhập ${vnd(income)}/người/tháng > chuẩn nghèo ${areaWord} ${vnd(line)}`)
        cls = above()
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
        cls = aboveLines(standard, income, nearLine, averageLine, input.livelihood ?? null, reasons)
      }
    }
  }
  if ((cls === 'average' || cls === 'none') && (input.previous === 'poor' || input.previous === 'near_poor')) {
    reasons.push(`Năm trước là ${input.previous === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo'} → hộ mới thoát nghèo`)
    cls = 'newly_escaped'
  }

  return {
    class: cls,
    standard: standard.id,
    reasons,
    basis,
    incomeLine: line,
    nearPovertyLine: nearLine,
    averageLine,
    deprived,
    scores: { b1, deprivation: b2, deprivationCount: count },
  }
}

/**
 * Above the poverty (or near-poverty) line: "average living standard" only for a household living
 * from farming, forestry, fishery or salt-making whose income is within the standard's band.
 */
function aboveLines(
  standard: PovertyStandard,
  income: number,
  lowerLine: number,
  averageLine: number | null,
  livelihood: Livelihood | null,
  reasons: string[],
): Classification {
  if (averageLine === null) {
    reasons.push(`${standard.name} chưa có mức sống trung bình → không thuộc nhóm nào`)
    return 'none'
  }
  if (income <= lowerLine || income > averageLine) {
    reasons.push(
      income > averageLine
        ? `Thu nhập trên mức sống trung bình ${vnd(averageLine)} → không thuộc nhóm nào`
        : `Thu nhập ${vnd(income)} không trên chuẩn ${vnd(lowerLine)} → không thuộc nhóm mức sống trung bình`,
    )
    return 'none'
  }
  const qualifies = livelihood !== null && standard.averageLivelihoods.includes(livelihood)
  if (qualifies) {
    reasons.push(
      `Thu nhập không quá mức sống trung bình ${vnd(averageLine)}, hộ làm ${LIVELIHOOD_LABEL[livelihood].toLowerCase()} → hộ có mức sống trung bình`,
    )
    return 'average'
  }
  reasons.push(
    livelihood === null
      ? `Thu nhập không quá mức sống trung bình ${vnd(averageLine)} nhưng chưa ghi ngành nghề chính của hộ (chỉ hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình) → không thuộc nhóm nào`
      : `Thu nhập không quá mức sống trung bình ${vnd(averageLine)} nhưng hộ không làm nông, lâm, ngư, diêm nghiệp → không thuộc nhóm nào`,
  )
  return 'none'
}

export const CLASS_LABEL: Record<Classification, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  newly_escaped: 'Hộ mới thoát nghèo',
  average: 'Hộ có mức sống trung bình',
  none: 'Không thuộc nhóm nào',
}
