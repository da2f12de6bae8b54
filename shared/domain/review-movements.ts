import { z } from 'zod'
import { IsoDateSchema } from './deadline'
import { ClassificationSchema } from './households'
import { Text, YearSchema } from './fields'

/** The review's movements between two periods, and the targets the plan sets (see reviews.ts for the review itself). */

// ---------- Movements ----------

export const MOVEMENT_GROUPS = ['poor', 'near_poor'] as const
export type MovementGroup = (typeof MOVEMENT_GROUPS)[number]
export const MOVEMENT_UNITS = ['households', 'persons'] as const
export type MovementUnit = (typeof MOVEMENT_UNITS)[number]

/**
 * The categories of form 2 (poor) and form 3 (near-poor), as data. Every household in the start or
 * the end of a period falls in exactly one of: stays, one `left` reason, one `entered` reason — so
 * start + entered − left = end holds by construction (see services/reviews/movements-sql.ts).
 */
export const MOVEMENT_REASONS = {
  poor: {
    left: [
      { key: 'to_near_poor', label: 'Trở thành hộ cận nghèo' },
      { key: 'above_line', label: 'Vượt chuẩn cận nghèo' },
      { key: 'other', label: 'Giảm khác' },
    ],
    entered: [
      { key: 'from_near_poor', label: 'Hộ cận nghèo trở thành hộ nghèo' },
      { key: 'fell_back', label: 'Tái nghèo' },
      { key: 'new', label: 'Phát sinh mới' },
      { key: 'other', label: 'Tăng khác' },
    ],
  },
  near_poor: {
    left: [
      { key: 'to_poor', label: 'Trở thành hộ nghèo' },
      { key: 'above_line', label: 'Vượt chuẩn cận nghèo' },
      { key: 'other', label: 'Giảm khác' },
    ],
    entered: [
      { key: 'from_poor', label: 'Hộ nghèo trở thành hộ cận nghèo' },
      { key: 'fell_back', label: 'Tái cận nghèo' },
      { key: 'new', label: 'Phát sinh mới' },
      { key: 'other', label: 'Tăng khác' },
    ],
  },
} as const satisfies Record<MovementGroup, Record<'left' | 'entered', readonly { key: string; label: string }[]>>

export const GROUP_LABEL: Record<MovementGroup, string> = { poor: 'Hộ nghèo', near_poor: 'Hộ cận nghèo' }

/** A period end: a review year (its assessments) or a date (the results recognised by decisions up to that day). */
export const PeriodPointSchema = z.union([z.object({ year: YearSchema }).strict(), z.object({ date: IsoDateSchema }).strict()])
export type PeriodPoint = z.infer<typeof PeriodPointSchema>

export const MovementQuerySchema = z
  .object({ from: PeriodPointSchema, to: PeriodPointSchema, communeId: z.string().uuid().nullable().default(null) })
  .strict()
  .refine((q) => 'year' in q.from === 'year' in q.to, { message: 'Hai mốc phải cùng là năm rà soát hoặc cùng là ngày', path: ['to'] })
  .refine(
    (q) => ('year' in q.from && 'year' in q.to ? q.from.year < q.to.year : 'date' in q.from && 'date' in q.to && q.from.date < q.to.date),
    {
      message: 'Mốc cuối phải sau mốc đầu',
      path: ['to'],
    },
  )
export type MovementQuery = z.input<typeof MovementQuerySchema>

export const MovementRowSchema = z.object({
  /** The commune's code (its id when it has no code), or null for the total. */
  commune: z.string().nullable(),
  communeName: z.string(),
  group: z.enum(MOVEMENT_GROUPS),
  unit: z.enum(MOVEMENT_UNITS),
  start: z.number().int(),
  entered: z.record(z.string(), z.number().int()),
  left: z.record(z.string(), z.number().int()),
  end: z.number().int(),
})
export type MovementRow = z.infer<typeof MovementRowSchema>

export const MovementCellQuerySchema = z
  .object({
    from: PeriodPointSchema,
    to: PeriodPointSchema,
    /** A commune's id, or null for every commune. */
    communeId: z.string().uuid().nullable().default(null),
    group: z.enum(MOVEMENT_GROUPS),
    cell: z.enum(['start', 'end', 'entered', 'left']),
    reason: z.string().max(30).nullable().default(null),
  })
  .strict()

export const MovementHouseholdSchema = z.object({
  householdId: z.string(),
  code: z.string(),
  headName: z.string(),
  communeName: z.string(),
  memberCount: z.number().int(),
  start: ClassificationSchema.nullable(),
  end: ClassificationSchema.nullable(),
})

// ---------- Targets ----------

/**
 * `rate_drop`: the rate (poor, or poor + near-poor = multidimensional) falls by at least `value`
 * percentage points each year of the period. `count_reduction`: the number of poor households falls
 * by at least `value` percent from `baseYear` to `toYear` (two thirds = 66.7).
 */
export const TARGET_KINDS = ['rate_drop', 'count_reduction'] as const
export const TARGET_MEASURES = ['poor', 'multidimensional'] as const
export const TargetInputSchema = z
  .object({
    id: z.string().uuid().optional(),
    /** A commune, or null for the whole office. */
    communeId: z.string().uuid().nullable().default(null),
    kind: z.enum(TARGET_KINDS),
    measure: z.enum(TARGET_MEASURES).default('poor'),
    value: z.number('Chỉ tiêu phải là số').positive('Chỉ tiêu phải lớn hơn 0').max(100, 'Chỉ tiêu không quá 100'),
    baseYear: YearSchema.nullable().default(null),
    fromYear: YearSchema,
    toYear: YearSchema,
    planId: z.string().uuid().nullable().default(null),
    note: Text(300).default(''),
  })
  .strict()
  .refine((t) => t.fromYear <= t.toYear, { message: 'Năm kết thúc phải từ năm bắt đầu trở đi', path: ['toYear'] })
  .refine((t) => t.kind !== 'count_reduction' || (t.baseYear !== null && t.baseYear < t.toYear), {
    message: 'Giảm số hộ nghèo cần năm gốc trước năm kết thúc',
    path: ['baseYear'],
  })
export type TargetInput = z.input<typeof TargetInputSchema>

export const TargetSchema = z.object({
  id: z.string(),
  communeId: z.string().nullable(),
  scopeName: z.string(),
  kind: z.enum(TARGET_KINDS),
  measure: z.enum(TARGET_MEASURES),
  value: z.number(),
  baseYear: z.number().int().nullable(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  planId: z.string().nullable(),
  planNumber: z.string().nullable(),
  note: z.string(),
  /** "Tỷ lệ hộ nghèo giảm ≥ 1 điểm %/năm" */
  label: z.string(),
})
export type Target = z.infer<typeof TargetSchema>

/** One year of one target: what was aimed at and what the assessments show. */
export const TargetYearSchema = z.object({
  year: z.number().int(),
  /** rate_drop: points the rate should fall that year; count_reduction: cumulative % expected by that year (linear path). */
  expected: z.number(),
  /** The same measured from the assessments; null when a year has no data. */
  actual: z.number().nullable(),
  met: z.boolean().nullable(),
  /** The rate (%) or the number of poor households that year, for the table. */
  level: z.number().nullable(),
})
export const TargetProgressSchema = TargetSchema.extend({ years: z.array(TargetYearSchema) })
export type TargetProgress = z.infer<typeof TargetProgressSchema>

export function targetLabel(t: {
  kind: (typeof TARGET_KINDS)[number]
  measure: (typeof TARGET_MEASURES)[number]
  value: number
  baseYear: number | null
  toYear: number
}): string {
  const what = t.measure === 'poor' ? 'Tỷ lệ hộ nghèo' : 'Tỷ lệ nghèo đa chiều'
  const v = String(t.value).replace('.', ',')
  return t.kind === 'rate_drop'
    ? `${what} giảm ≥ ${v} điểm %/năm`
    : `Số hộ ${t.measure === 'poor' ? 'nghèo' : 'nghèo và cận nghèo'} giảm ≥ ${v}% so với năm ${t.baseYear} (đến ${t.toYear})`
}
