import { z } from 'zod'

/**
 * The household register's shapes, shared by the contract, the services, the CLI and the form.
 * Class names are the same everywhere: database, contract, CLI JSON.
 */
export const CLASSIFICATIONS = ['poor', 'near_poor', 'newly_escaped', 'average', 'none'] as const
export const ClassificationSchema = z.enum(CLASSIFICATIONS)
export type Classification = z.infer<typeof ClassificationSchema>

export const AREA_TYPES = ['rural', 'urban'] as const
export const AreaTypeSchema = z.enum(AREA_TYPES)
export type AreaType = z.infer<typeof AreaTypeSchema>

export const SPECIAL_GROUPS = ['ethnic_minority', 'no_working_capacity', 'meritorious', 'social_protection'] as const
export const SpecialGroupSchema = z.enum(SPECIAL_GROUPS)
export type SpecialGroup = z.infer<typeof SpecialGroupSchema>

export const POVERTY_CAUSES = ['land', 'capital', 'labour', 'tools', 'skills', 'illness', 'other'] as const
export const PovertyCauseSchema = z.enum(POVERTY_CAUSES)
export type PovertyCause = z.infer<typeof PovertyCauseSchema>

/**
 * The household's main livelihood. Only households living from farming, forestry, fishery or
 * salt-making can be of "average living standard" (hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và
 * diêm nghiệp có mức sống trung bình); which ones qualify is the standard's data.
 */
export const LIVELIHOODS = ['farming', 'forestry', 'fishery', 'salt', 'other'] as const
export const LivelihoodSchema = z.enum(LIVELIHOODS, 'Chọn ngành nghề chính của hộ')
export type Livelihood = z.infer<typeof LivelihoodSchema>
export const LIVELIHOOD_LABEL: Record<Livelihood, string> = {
  farming: 'Nông nghiệp',
  forestry: 'Lâm nghiệp',
  fishery: 'Ngư nghiệp',
  salt: 'Diêm nghiệp',
  other: 'Ngành nghề khác',
}

export const SEXES = ['male', 'female'] as const
export const RELATIONSHIPS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const
/** School attendance as the review asks it; 'not_applicable' for adults and toddlers. */
export const SCHOOLING = ['not_applicable', 'attending', 'not_attending', 'trained', 'untrained'] as const
export const WORKING = ['contract', 'no_contract', 'unemployed', 'student', 'retired', 'unable', 'child', 'other'] as const
export type Schooling = (typeof SCHOOLING)[number]
export type Working = (typeof WORKING)[number]

/** A citizen ID: 12 digits (CCCD), or 9 digits for an old ID card (CMND). */
export const CitizenIdSchema = z
  .string()
  .trim()
  .regex(/^(\d{9}|\d{12})?$/, 'Số CCCD phải gồm đúng 12 chữ số (CMND cũ: 9 chữ số)')

/** A full ISO date, or a year alone when only the birth year is known (common in commune lists). */
export const BirthDateSchema = z
  .string()
  .trim()
  .regex(/^(\d{4}|\d{4}-\d{2}-\d{2})$/, 'Ngày sinh phải là ngày hợp lệ (dd/mm/yyyy) hoặc năm sinh')
  .refine((s) => s.length === 4 || isRealDate(s), 'Ngày sinh không phải là ngày có thật')

export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso
}

const Text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự`)

export const MemberInputSchema = z.object({
  id: z.string().uuid().optional(),
  fullName: z.string().trim().min(1, 'Nhập họ và tên').max(100, 'Tối đa 100 ký tự'),
  sex: z.enum(SEXES, 'Chọn giới tính'),
  birthDate: BirthDateSchema,
  citizenId: CitizenIdSchema.default(''),
  relationship: z.enum(RELATIONSHIPS, 'Chọn quan hệ với chủ hộ'),
  ethnicity: Text(50).default(''),
  healthInsurance: z.boolean().default(false),
  schooling: z.enum(SCHOOLING).default('not_applicable'),
  working: z.enum(WORKING).default('other'),
})
export type MemberInput = z.input<typeof MemberInputSchema>
export type Member = z.output<typeof MemberInputSchema> & { id: string }

export const IndicatorSourceSchema = z.enum(['entered', 'derived', 'override'])
export type IndicatorSource = z.infer<typeof IndicatorSourceSchema>

/** One of the standard's indicators in a year's assessment: deprived or not, why, and where that came from. */
export const IndicatorValueSchema = z.object({
  no: z.number().int().positive(),
  deprived: z.boolean(),
  /** What was measured, in words ("2/5 thành viên không có BHYT", "6,5 m²/người"), or ''. */
  value: z.string().max(200).default(''),
  source: IndicatorSourceSchema.default('entered'),
})
export type IndicatorValue = z.output<typeof IndicatorValueSchema>

/** Income per person per month above this (1 tỷ đồng) is a typing or file error, wherever it comes from (form, import). */
export const MAX_INCOME_PER_PERSON_MONTH = 1_000_000_000

export const AssessmentInputSchema = z.object({
  year: z.number().int().min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ'),
  incomePerPersonMonth: z
    .number('Thu nhập phải là số')
    .int('Thu nhập phải là số nguyên (đồng)')
    .nonnegative('Thu nhập không được âm')
    .max(MAX_INCOME_PER_PERSON_MONTH, 'Thu nhập quá lớn'),
  /** Floor area of the house in m², used to derive the living-area indicator. */
  housingAreaM2: z
    .number('Diện tích phải là số')
    .nonnegative('Diện tích không được âm')
    .max(100_000, 'Diện tích nhà quá lớn (tối đa 100.000 m²)')
    .nullable()
    .default(null),
  /** Indicators the clerk set by hand; derived ones are recomputed from the members on save. */
  indicators: z.array(IndicatorValueSchema).max(20).default([]),
})
export type AssessmentInput = z.input<typeof AssessmentInputSchema>

export const HouseholdFieldsSchema = z.object({
  code: z
    .string()
    .trim()
    .max(30, 'Mã hộ tối đa 30 ký tự')
    .regex(/^[A-Za-z0-9._/-]*$/, 'Mã hộ chỉ gồm chữ không dấu, chữ số, dấu . / - _')
    .default(''),
  unitId: z.string().uuid('Chọn thôn/bản/tổ dân phố'),
  areaType: AreaTypeSchema,
  address: Text(200).default(''),
  ethnicity: Text(50).default(''),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+ .-]{0,20}$/, 'Số điện thoại chỉ gồm chữ số')
    .default(''),
  specialGroups: z.array(SpecialGroupSchema).max(SPECIAL_GROUPS.length).default([]),
  povertyCauses: z.array(PovertyCauseSchema).max(POVERTY_CAUSES.length).default([]),
  /** Null while not recorded (registers kept before the field existed). */
  livelihood: LivelihoodSchema.nullable().default(null),
  notes: Text(2000).default(''),
})

export const HouseholdInputSchema = z.object({
  id: z.string().uuid().optional(),
  household: HouseholdFieldsSchema,
  members: z.array(MemberInputSchema).min(1, 'Hộ phải có ít nhất một thành viên (chủ hộ)').max(50),
  assessment: AssessmentInputSchema.nullable().default(null),
})
export type HouseholdInput = z.input<typeof HouseholdInputSchema>
export type HouseholdInputValue = z.output<typeof HouseholdInputSchema>

export const SupportInputSchema = z.object({
  householdId: z.string().uuid(),
  policy: z.string().trim().min(1, 'Nhập chính sách hỗ trợ').max(200),
  project: z.number().int().min(1).max(7).nullable().default(null),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải theo dạng yyyy-mm-dd')
    .refine(isRealDate, 'Ngày không có thật'),
  amount: z.number().int('Số tiền phải là số nguyên (đồng)').nonnegative('Số tiền không được âm'),
  note: Text(500).default(''),
})
export type SupportInput = z.input<typeof SupportInputSchema>
