import { z } from 'zod'
import { LivelihoodSchema } from '../domain/households'

/**
 * A poverty standard is data: its period, its income lines, its indicators and the rule that turns
 * (income, deprivations) into a class. Values marked `unconfirmed` come from secondary sources and
 * can be corrected by an office in Settings without a new release.
 */
const ByArea = z.object({ rural: z.number().int().positive(), urban: z.number().int().positive() })

/**
 * How an indicator can be worked out from the members' data (ages are counted in whole years at the
 * review year). Absent when only the clerk can answer it (water, toilet, telecom…).
 */
export const DeriveSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('health_insurance'), minAge: z.number().int().nonnegative() }),
  z.object({ from: z.literal('school_attendance'), minAge: z.number().int(), maxAgeExclusive: z.number().int() }),
  z.object({ from: z.literal('adult_education'), minAge: z.number().int(), maxAge: z.number().int() }),
  z.object({ from: z.literal('employment'), minAge: z.number().int(), maxAge: z.number().int() }),
  z.object({ from: z.literal('dependants'), maxShare: z.number().positive().max(1) }),
  z.object({ from: z.literal('living_area'), minM2PerPerson: z.number().positive() }),
])
export type DeriveRule = z.infer<typeof DeriveSchema>

export const IndicatorSchema = z.object({
  no: z.number().int().positive(),
  key: z.string().regex(/^[a-z_]+$/),
  dimension: z.string(),
  name: z.string(),
  condition: z.string(),
  unconfirmed: z.boolean().default(false),
  derive: DeriveSchema.optional(),
  /** The indicator is about the household's children (nutrition, school attendance): counted in the children's deprivations report. */
  concernsChildren: z.boolean().default(false),
})

export const RuleSchema = z.discriminatedUnion('kind', [
  /** 2022–2025 style: income ≤ line; ≥ N deprivations → poor, fewer → near-poor. */
  z.object({ kind: z.literal('single_line'), minDeprivations: z.number().int().positive() }),
  /**
   * 2016–2020 style: income ≤ poverty line → poor; poverty line < income ≤ near-poverty line → poor
   * with ≥ N deprivations, near-poor with fewer.
   */
  z.object({ kind: z.literal('two_bands'), minDeprivations: z.number().int().positive(), nearPovertyLine: ByArea }),
])

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const StandardSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    legalBasis: z.string(),
    /** Date the legal text was issued. */
    issuedOn: IsoDate,
    /** When the standard is in force (inclusive): the ongoing review, register entries and imports use the one in force on their date. */
    inForce: z.object({ from: IsoDate, to: IsoDate }).strict(),
    /**
     * The annual reviews it governs (inclusive): the review of year Y sets the lists of Y+1, so it uses
     * the standard in force on 1 January of Y+1 (Decision 24/2021/QĐ-TTg). Kept here as data.
     */
    annualReviews: z.object({ from: z.number().int(), to: z.number().int() }).strict(),
    povertyLine: ByArea,
    /**
     * Upper income bound of the "average living standard" group. Absent when no band has been
     * published (2027–2030): then no household is classed "average" until an office enters one.
     */
    averageLine: ByArea.extend({ unconfirmed: z.boolean().default(false) }).optional(),
    /** The livelihoods whose households can be of average living standard (farming, forestry, fishery, salt-making). */
    averageLivelihoods: z.array(LivelihoodSchema).default(['farming', 'forestry', 'fishery', 'salt']),
    rule: RuleSchema,
    indicators: z.array(IndicatorSchema).min(1),
    /**
     * Circular 07/2021 scoring of the review's survey: the B1 score the surveyor computed on form B1
     * (entered, never derived from income) against `incomeScoreLine` (B1 ≤ 140 rural / 175 urban in
     * 2022–2025), and form B2 = points × deprivations against `deprivationScoreThreshold`. A null
     * `incomeScoreLine` means the B1 thresholds are not known: the review classifies by income.
     */
    scores: z
      .object({
        incomeScoreLine: ByArea.nullable(),
        pointsPerDeprivation: z.number().int().positive(),
        deprivationScoreThreshold: z.number().int().positive(),
        unconfirmed: z.boolean().default(false),
      })
      .nullable(),
    unconfirmed: z.array(z.string()).default([]),
  })
  .refine((s) => s.inForce.from <= s.inForce.to && s.annualReviews.from <= s.annualReviews.to, {
    message: 'Thời gian hiệu lực hoặc các kỳ rà soát của chuẩn nghèo không hợp lệ',
  })
export type PovertyStandard = z.infer<typeof StandardSchema>

export const StandardSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  legalBasis: z.string(),
  /** First and last calendar year the standard is in force (from `inForce`). */
  fromYear: z.number().int(),
  toYear: z.number().int(),
  inForce: z.object({ from: z.string(), to: z.string() }),
  annualReviews: z.object({ from: z.number().int(), to: z.number().int() }),
})
export type StandardSummary = z.infer<typeof StandardSummarySchema>

/**
 * An office's corrections of a standard's unconfirmed values, kept in the `settings` table (key
 * `standards.overrides`) so they take effect without a new release: the lines and thresholds, and
 * the wording of an indicator flagged unconfirmed. The rule and the list of indicators stay as shipped.
 */
const PartialByArea = z.object({ rural: z.number().int().positive(), urban: z.number().int().positive() }).strict()
const IndicatorWording = z
  .object({
    name: z.string().trim().min(1, 'Nhập tên chỉ số').max(200, 'Tối đa 200 ký tự').optional(),
    condition: z.string().trim().min(1, 'Nhập điều kiện thiếu hụt').max(500, 'Tối đa 500 ký tự').optional(),
  })
  .strict()
export const StandardOverrideSchema = z
  .object({
    povertyLine: PartialByArea.optional(),
    averageLine: PartialByArea.optional(),
    nearPovertyLine: PartialByArea.optional(),
    incomeScoreLine: PartialByArea.optional(),
    /** Corrected wording by indicator number ("11"). */
    indicators: z.record(z.string().regex(/^\d+$/), IndicatorWording).optional(),
  })
  .strict()
export type StandardOverride = z.infer<typeof StandardOverrideSchema>
export const StandardOverridesSchema = z.record(z.string(), StandardOverrideSchema)
export type StandardOverrides = z.infer<typeof StandardOverridesSchema>

/** The standard with an office's corrections applied, checked again against the schema. */
export function applyOverride(s: PovertyStandard, o: StandardOverride | undefined): PovertyStandard {
  if (!o) return s
  const next = structuredClone(s)
  if (o.povertyLine) next.povertyLine = o.povertyLine
  if (o.averageLine) next.averageLine = { ...o.averageLine, unconfirmed: false }
  if (o.nearPovertyLine && next.rule.kind === 'two_bands') next.rule.nearPovertyLine = o.nearPovertyLine
  if (o.incomeScoreLine && next.scores) next.scores.incomeScoreLine = o.incomeScoreLine
  for (const [no, w] of Object.entries(o.indicators ?? {})) {
    const ind = next.indicators.find((i) => i.no === Number(no))
    // Only the wording of an indicator the shipped data flags as unconfirmed can be corrected.
    if (!ind || !ind.unconfirmed) continue
    if (w.name) ind.name = w.name
    if (w.condition) ind.condition = w.condition
  }
  return StandardSchema.parse(next)
}
