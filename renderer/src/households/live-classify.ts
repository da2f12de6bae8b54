import type { Classification, IndicatorValue } from '@shared/domain/households'
import { standardForYear } from '@shared/standards'
import { classify, type ClassifyResult } from '@shared/standards/classify'
import { deriveIndicators, mergeIndicators } from '@shared/standards/derive'
import type { PovertyStandard } from '@shared/standards/schema'
import { parseArea, parseMoney } from '@shared/text/format'
import { membersForDerive, type Draft } from './form-model'

export interface LiveResult {
  standard: PovertyStandard | null
  /** Each indicator as main will store it: derived from members unless overridden, else as ticked. */
  indicators: IndicatorValue[]
  result: ClassifyResult | null
}

/**
 * The classification the form shows while the clerk types: the same pure functions main runs on
 * save (derive, merge, classify), with the office's corrected standard, so what the screen says is
 * what the register will hold.
 */
export function liveClassify(
  standards: readonly PovertyStandard[],
  draft: Draft,
  previous: Classification | null,
  /** Which standard a year's assessment uses, as main picks it (standardForEntry); by default the year's review's. */
  pick: (standards: readonly PovertyStandard[], year: number) => PovertyStandard | undefined = standardForYear,
): LiveResult {
  const year = Number(draft.year)
  const standard = Number.isInteger(year) ? (pick(standards, year) ?? null) : null
  if (!standard) return { standard: null, indicators: [], result: null }
  const members = membersForDerive(draft)
  const derived = deriveIndicators(standard, {
    year,
    members,
    memberCount: draft.members.length,
    housingAreaM2: parseArea(draft.housingArea) ?? null,
  })
  const entered: IndicatorValue[] = Object.entries(draft.indicators).map(([no, v]) => ({
    no: Number(no),
    deprived: v.deprived,
    value: '',
    source: v.override ? 'override' : 'entered',
  }))
  const indicators = mergeIndicators(standard, entered, derived)
  const income = parseMoney(draft.income)
  const result =
    income === null
      ? null
      : classify(standard, {
          areaType: draft.areaType,
          incomePerPersonMonth: income,
          deprived: indicators.filter((i) => i.deprived).map((i) => i.no),
          previous,
          livelihood: draft.livelihood ?? null,
        })
  return { standard, indicators, result }
}
