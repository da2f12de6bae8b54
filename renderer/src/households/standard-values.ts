import type { PovertyStandard, StandardOverride } from '@shared/standards/schema'
import { parseMoney } from '@shared/text/format'
import { t } from '../i18n'

export type Line = 'povertyLine' | 'averageLine' | 'nearPovertyLine' | 'incomeScoreLine'
export const AREAS = ['rural', 'urban'] as const
/** Each correctable line of a standard, per area, as typed (dots allowed). */
export type LineValues = Record<Line, Record<(typeof AREAS)[number], string>>

/**
 * Lines a standard may lack in its data (no average-living band published, no B1 thresholds yet):
 * left empty they are not sent; typed in, they become the office's values.
 */
const OPTIONAL: readonly Line[] = ['averageLine', 'incomeScoreLine']

/** The lines this standard has (a one-band standard has no near-poverty line, one without scores no score line). */
export function valuesOf(s: PovertyStandard): Partial<LineValues> {
  const text = (n: number | undefined) => (n === undefined ? '' : String(n))
  const v: Partial<LineValues> = {
    povertyLine: { rural: String(s.povertyLine.rural), urban: String(s.povertyLine.urban) },
    averageLine: { rural: text(s.averageLine?.rural), urban: text(s.averageLine?.urban) },
  }
  if (s.rule.kind === 'two_bands')
    v.nearPovertyLine = { rural: String(s.rule.nearPovertyLine.rural), urban: String(s.rule.nearPovertyLine.urban) }
  if (s.scores) v.incomeScoreLine = { rural: text(s.scores.incomeScoreLine?.rural), urban: text(s.scores.incomeScoreLine?.urban) }
  return v
}

/** An optional line left empty in both areas: nothing to send. */
const isBlank = (values: Partial<LineValues>, line: Line) => OPTIONAL.includes(line) && AREAS.every((a) => values[line]![a].trim() === '')
const linesOf = (values: Partial<LineValues>) => (Object.keys(values) as Line[]).filter((line) => !isBlank(values, line))

/** A line as typed: a positive whole number of đồng, with or without dots (main refuses 0 too). */
function lineAmount(text: string): number | null {
  const n = parseMoney(text)
  return n !== null && n > 0 ? n : null
}

/** Messages keyed "line.area" (the path main reports under `override`) for what cannot be sent as typed. */
export function lineErrors(values: Partial<LineValues>): Record<string, string> {
  const found: Record<string, string> = {}
  for (const line of linesOf(values))
    for (const a of AREAS) if (lineAmount(values[line]![a]) === null) found[`${line}.${a}`] = t('households.std.number')
  return found
}

/** The override main stores; a value lineErrors refuses is sent as NaN, for main to refuse in turn. */
export function toOverride(values: Partial<LineValues>): StandardOverride {
  const amount = (text: string) => lineAmount(text) ?? NaN
  return Object.fromEntries(
    linesOf(values).map((line) => [line, { rural: amount(values[line]!.rural), urban: amount(values[line]!.urban) }]),
  )
}

/** The wording of the indicators the data flags as unconfirmed, as shown (and editable) in Settings. */
export type Wording = Record<number, { name: string; condition: string }>
export function wordingOf(s: PovertyStandard): Wording {
  return Object.fromEntries(s.indicators.filter((i) => i.unconfirmed).map((i) => [i.no, { name: i.name, condition: i.condition }]))
}
export function wordingOverride(w: Wording): StandardOverride['indicators'] {
  const entries = Object.entries(w)
  return entries.length ? Object.fromEntries(entries.map(([no, v]) => [no, { name: v.name, condition: v.condition }])) : undefined
}
