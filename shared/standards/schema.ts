import { z } from 'zod'

/**
 * A poverty standard is data: its period, its income lines, its indicators and the rule that turns
 * (income, deprivations) into a class. Values marked `unconfirmed` come from secondary sources and
 * can be corrected by an office in Settings without a new release.
 */
const ByArea = z.object({ rural: z.number().int().positive(), urban: z.number().int().positive() })

export const IndicatorSchema = z.object({
  no: z.number().int().positive(),
  key: z.string().regex(/^[a-z_]+$/),
  dimension: z.string(),
  name: z.string(),
  condition: z.string(),
  unconfirmed: z.boolean().default(false),
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
