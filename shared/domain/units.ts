import { z } from 'zod'
import { NameSchema } from './office'

/**
 * Administrative units form a tree of any depth (province → district → commune → village, or the
 * two-tier province → commune → village since 2025). The kind is a label, not a fixed level.
 */
export const UNIT_KINDS = ['province', 'district', 'commune', 'village', 'other'] as const
export const UnitKindSchema = z.enum(UNIT_KINDS)
export type UnitKind = z.infer<typeof UnitKindSchema>

export const UnitCodeSchema = z
  .string()
  .trim()
  .max(20, 'Mã tối đa 20 ký tự')
  .regex(/^[A-Za-z0-9._-]*$/, 'Mã chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang')

export const AdminUnitSchema = z.object({
  id: z.string().uuid(),
  parentId: z.string().uuid().nullable(),
  kind: UnitKindSchema,
  code: z.string(),
  name: z.string(),
  /** Names this unit had before a rename, oldest first. */
  formerNames: z.array(z.object({ name: z.string(), until: z.string() })),
  active: z.boolean(),
})
export type AdminUnit = z.infer<typeof AdminUnitSchema>

/** A unit to create, placed under its parent by the parent's position in the same list (or an existing id). */
export const UnitDraftSchema = z.object({
  kind: UnitKindSchema,
  code: UnitCodeSchema.default(''),
  name: NameSchema,
  /** Index into the same list of drafts, for a unit created together with its parent. */
  parentIndex: z.number().int().nonnegative().nullable().default(null),
})
export type UnitDraft = z.input<typeof UnitDraftSchema>
export type UnitDraftValue = z.output<typeof UnitDraftSchema>
