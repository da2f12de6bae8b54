import { z } from 'zod'
import {
  AreaTypeSchema,
  ClassificationSchema,
  IndicatorValueSchema,
  LivelihoodSchema,
  PovertyCauseSchema,
  RELATIONSHIPS,
  SCHOOLING,
  SEXES,
  SpecialGroupSchema,
  WORKING,
} from './households'

/** What the register shows: the shapes services return (inputs are in households.ts). */
export const MemberSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  sex: z.enum(SEXES),
  birthDate: z.string(),
  citizenId: z.string(),
  relationship: z.enum(RELATIONSHIPS),
  ethnicity: z.string(),
  healthInsurance: z.boolean(),
  schooling: z.enum(SCHOOLING),
  working: z.enum(WORKING),
})

export const AssessmentSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  standardId: z.string(),
  areaType: AreaTypeSchema,
  incomePerPersonMonth: z.number().int(),
  housingAreaM2: z.number().nullable(),
  indicators: z.array(IndicatorValueSchema),
  deprivedCount: z.number().int(),
  /** The B1 score entered in the review's survey (form B1); null when none was entered. */
  incomeScore: z.number().int().nullable(),
  deprivationScore: z.number().int(),
  classification: ClassificationSchema,
  reasons: z.array(z.string()),
})
export type Assessment = z.infer<typeof AssessmentSchema>

export const SupportSchema = z.object({
  id: z.string(),
  policy: z.string(),
  project: z.number().int().nullable(),
  date: z.string(),
  amount: z.number().int(),
  note: z.string(),
})

export const HouseholdDetailSchema = z.object({
  id: z.string(),
  officeId: z.string(),
  code: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  areaType: AreaTypeSchema,
  address: z.string(),
  ethnicity: z.string(),
  phone: z.string(),
  specialGroups: z.array(SpecialGroupSchema),
  povertyCauses: z.array(PovertyCauseSchema),
  /** Main livelihood; null (or absent from older callers) while not recorded. */
  livelihood: LivelihoodSchema.nullable().optional(),
  notes: z.string(),
  memberCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  members: z.array(MemberSchema),
  /** Newest year first. */
  assessments: z.array(AssessmentSchema),
  support: z.array(SupportSchema),
})
export type HouseholdDetail = z.infer<typeof HouseholdDetailSchema>

export const HouseholdRowSchema = z.object({
  id: z.string(),
  code: z.string(),
  headName: z.string(),
  unitName: z.string(),
  areaType: AreaTypeSchema,
  memberCount: z.number().int(),
  year: z.number().int().nullable(),
  classification: ClassificationSchema.nullable(),
  incomePerPersonMonth: z.number().int().nullable(),
})
export type HouseholdRow = z.infer<typeof HouseholdRowSchema>

export const ListQuerySchema = z.object({
  search: z.string().max(100).default(''),
  year: z.number().int().nullable().default(null),
  /** A commune (matches its villages too) or a village. */
  unitId: z.string().uuid().nullable().default(null),
  classification: ClassificationSchema.nullable().default(null),
  specialGroup: SpecialGroupSchema.nullable().default(null),
  sort: z.enum(['name', 'code']).default('name'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(500).default(100),
})
export type ListQuery = z.input<typeof ListQuerySchema>

export const ListResultSchema = z.object({
  rows: z.array(HouseholdRowSchema),
  total: z.number().int(),
  /** True when a search matched more rows than were counted (the total is then a lower bound). */
  totalCapped: z.boolean(),
})
export type ListResult = z.infer<typeof ListResultSchema>

export const AuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  /** Field-level changes in words: "Thu nhập 2024: 1.200.000 → 1.400.000". */
  changes: z.array(z.string()),
})
export type AuditEntryView = z.infer<typeof AuditEntrySchema>

export const DuplicateReasonSchema = z.enum(['citizen_id', 'name_birth'])

export const DuplicateGroupSchema = z.object({
  reason: DuplicateReasonSchema,
  /** The shared citizen ID, or "name · birth date", for the clerk to read. */
  key: z.string(),
  /** What the group is matched on: the citizen ID, or the folded name and birth date; sent back to dismiss it. */
  matchKey: z.string(),
  households: z.array(z.object({ id: z.string(), code: z.string(), headName: z.string(), memberName: z.string() })),
})
export type DuplicateGroup = z.infer<typeof DuplicateGroupSchema>

/** "These are different families": the group, exactly as listed, is not shown again unless another household joins it. */
export const DismissDuplicateSchema = z.object({
  reason: DuplicateReasonSchema,
  matchKey: z.string().min(1).max(300),
  householdIds: z.array(z.string().uuid()).min(2).max(200),
  note: z.string().trim().max(500, 'Tối đa 500 ký tự').default(''),
})
export type DismissDuplicate = z.input<typeof DismissDuplicateSchema>
