import s2016 from './data/mdp-2016-2020.json'
import s2022 from './data/mdp-2022-2025.json'
import s2027 from './data/mdp-2027-2030.json'
import { StandardSchema, type PovertyStandard, type StandardSummary } from './schema'

/** The standards shipped with the app, validated once when first used. */
export const BUILTIN_STANDARDS: readonly PovertyStandard[] = [s2016, s2022, s2027].map((s) => StandardSchema.parse(s))

export function summarize(s: PovertyStandard): StandardSummary {
  return { id: s.id, name: s.name, legalBasis: s.legalBasis, fromYear: s.fromYear, toYear: s.toYear }
}

/** The standard whose period covers a review year, if any. */
export function standardForYear(standards: readonly PovertyStandard[], year: number): PovertyStandard | undefined {
  return standards.find((s) => s.fromYear <= year && year <= s.toYear)
}
