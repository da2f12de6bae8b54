import { z } from 'zod'

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

export const StandardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  legalBasis: z.string(),
  /** First and last review year the standard applies to (inclusive). */
  fromYear: z.number().int(),
  toYear: z.number().int(),
  povertyLine: ByArea,
  /** Upper income bound of the "average living standard" group. */
  averageLine: ByArea.extend({ unconfirmed: z.boolean().default(false) }),
  rule: RuleSchema,
  indicators: z.array(IndicatorSchema).min(1),
  /** Circular 07/2021 scoring (form B1 income score "A", form B2 deprivation score "B"). */
  scores: z
    .object({
      incomeScoreLine: ByArea,
      pointsPerDeprivation: z.number().int().positive(),
      deprivationScoreThreshold: z.number().int().positive(),
      unconfirmed: z.boolean().default(false),
    })
    .nullable(),
  unconfirmed: z.array(z.string()).default([]),
})
export type PovertyStandard = z.infer<typeof StandardSchema>

export const StandardSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  legalBasis: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
})
export type StandardSummary = z.infer<typeof StandardSummarySchema>

/**
 * An office's corrections of a standard's unconfirmed values, kept in the `settings` table (key
 * `standards.overrides`) so they take effect without a new release. Only numbers may change; the
 * rule and the list of indicators stay as shipped.
 */
const PartialByArea = z.object({ rural: z.number().int().positive(), urban: z.number().int().positive() }).strict()
export const StandardOverrideSchema = z
  .object({
    povertyLine: PartialByArea.optional(),
    averageLine: PartialByArea.optional(),
    nearPovertyLine: PartialByArea.optional(),
    incomeScoreLine: PartialByArea.optional(),
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
  return StandardSchema.parse(next)
}
