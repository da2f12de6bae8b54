import { z } from 'zod'
import { addDays } from '../domain/deadline'
import data from './rules.json'

/**
 * The review's timing and list rules (Decision 24/2021/QĐ-TTg) as data. Values read only from
 * secondary sources are flagged `unconfirmed` and are documented as such in docs/review.md.
 */
export const ReviewRulesSchema = z
  .object({
    annualReview: z
      .object({
        source: z.string(),
        /** The annual review of year Y sets the poor and near-poor lists of year Y + this. */
        listsYearOffset: z.number().int().nonnegative(),
        listBasis: z.string(),
        unconfirmed: z.boolean(),
      })
      .strict(),
    ongoingReview: z
      .object({
        source: z.string(),
        applicationForm: z.string(),
        /** Monthly rounds start on this day of the month. */
        roundStartDay: z.number().int().min(1).max(28),
        /** The decision is due within this many days of the round's start. */
        decisionWithinDays: z.number().int().positive(),
        unconfirmed: z.boolean(),
      })
      .strict(),
  })
  .strict()
export type ReviewRules = z.infer<typeof ReviewRulesSchema>

export const REVIEW_RULES: ReviewRules = ReviewRulesSchema.parse(data)

/** The year whose lists the annual review of `year` sets. */
export function listsYearOf(year: number, rules: ReviewRules = REVIEW_RULES): number {
  return year + rules.annualReview.listsYearOffset
}

/**
 * The ongoing review's timing for an application received on `appliedOn` (ISO): it is taken up in
 * the next monthly round (the round of the month when received on or before the start day, else the
 * next month's), and the decision is due within the rule's days of that round's start.
 */
export function ongoingTiming(appliedOn: string, rules: ReviewRules = REVIEW_RULES): { roundStart: string; dueOn: string } {
  const { roundStartDay, decisionWithinDays } = rules.ongoingReview
  let y = Number(appliedOn.slice(0, 4))
  let m = Number(appliedOn.slice(5, 7))
  if (Number(appliedOn.slice(8, 10)) > roundStartDay) {
    m += 1
    if (m > 12) {
      m = 1
      y += 1
    }
  }
  const roundStart = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(roundStartDay).padStart(2, '0')}`
  return { roundStart, dueOn: addDays(roundStart, decisionWithinDays) }
}
