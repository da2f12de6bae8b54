import s2016 from './data/mdp-2016-2020.json'
import s2022 from './data/mdp-2022-2025.json'
import s2027 from './data/mdp-2027-2030.json'
import { StandardSchema, type PovertyStandard, type StandardSummary } from './schema'

/** The standards shipped with the app, validated once when first used. */
export const BUILTIN_STANDARDS: readonly PovertyStandard[] = [s2016, s2022, s2027].map((s) => StandardSchema.parse(s))

export function summarize(s: PovertyStandard): StandardSummary {
  return {
    id: s.id,
    name: s.name,
    legalBasis: s.legalBasis,
    fromYear: Number(s.inForce.from.slice(0, 4)),
    toYear: Number(s.inForce.to.slice(0, 4)),
    inForce: s.inForce,
    annualReviews: s.annualReviews,
  }
}

/**
 * The standard the annual review of `year` uses, as the standards' data says (`annualReviews`): the
 * review of year Y sets the lists of Y+1, so it is the standard in force on 1 January of Y+1.
 */
export function standardForReview(standards: readonly PovertyStandard[], year: number): PovertyStandard | undefined {
  return standards.find((s) => s.annualReviews.from <= year && year <= s.annualReviews.to)
}

/** The standard in force on a date (ISO `YYYY-MM-DD`): for the ongoing review, a register entry, an import. */
export function standardInForce(standards: readonly PovertyStandard[], date: string): PovertyStandard | undefined {
  return standards.find((s) => s.inForce.from <= date && date <= s.inForce.to)
}

/**
 * The standard for a year's assessment when nothing more precise is known: the one the review of
 * that year uses (an assessment of year Y is that review's result).
 */
export const standardForYear = standardForReview

/**
 * The standard of a year's assessment entered in the register or imported: the year's annual
 * review's standard when that review exists; the one in force on the day of entry (`today`) when it
 * falls in that year (a household recognised during the year); otherwise the one the data gives that
 * year's review (a past year's list typed in later).
 */
export function standardForEntry(
  standards: readonly PovertyStandard[],
  args: { year: number; today: string; reviewStandardId?: string | null },
): PovertyStandard | undefined {
  const review = args.reviewStandardId ? standards.find((s) => s.id === args.reviewStandardId) : undefined
  if (review) return review
  if (Number(args.today.slice(0, 4)) === args.year) return standardInForce(standards, args.today) ?? standardForReview(standards, args.year)
  return standardForReview(standards, args.year)
}

/** "2022–2026", "2027–2030": the years a standard is in force, for lists and messages. */
export function inForceYears(s: Pick<PovertyStandard, 'inForce'>): string {
  return `${s.inForce.from.slice(0, 4)}–${s.inForce.to.slice(0, 4)}`
}
