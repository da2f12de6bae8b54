import { z } from 'zod'
import { IsoDateSchema } from './deadline'
import { AssessmentInputSchema, ClassificationSchema, HouseholdInputSchema } from './households'
import { Text, YearSchema } from './fields'

/**
 * The annual review (rà soát, Decision 24/2021/QĐ-TTg), the ongoing review of single households,
 * the year's movements and the plan's targets. Keys are the same in the database, the contract,
 * the reports and the CLI's JSON; the Vietnamese labels live next to them.
 */

// ---------- The case of one household in one review ----------

/** Where a household is in the review: listed → surveyed → met (≥ 50%) → posted → approved; `redo` goes back to the survey. */
export const CASE_STAGES = ['listed', 'surveyed', 'redo', 'met', 'posted', 'approved'] as const
export const CaseStageSchema = z.enum(CASE_STAGES)
export type CaseStage = z.infer<typeof CaseStageSchema>
export const STAGE_LABEL: Record<CaseStage, string> = {
  listed: 'Chưa khảo sát',
  surveyed: 'Đã khảo sát',
  redo: 'Rà soát lại (dưới 50% đồng ý)',
  met: 'Đã họp thôn',
  posted: 'Đã niêm yết',
  approved: 'Đã phê duyệt',
}

/** An annual case comes from the register or from an application (form 01); an ongoing case is a single review during the year. */
export const CASE_ORIGINS = ['register', 'applicant', 'ongoing'] as const
export const CaseOriginSchema = z.enum(CASE_ORIGINS)
export type CaseOrigin = z.infer<typeof CaseOriginSchema>
export const ORIGIN_LABEL: Record<CaseOrigin, string> = {
  register: 'Trong sổ',
  applicant: 'Hộ đề nghị (mẫu 01)',
  ongoing: 'Rà soát thường xuyên',
}

/** Days the commune has to conclude an ongoing review after the household's application (Decision 24/2021). */
export const ONGOING_DEADLINE_DAYS = 15
/** A household's result needs at least this share of the meeting's agreement; below it, it is reviewed again. */
export const MIN_AGREEMENT_PERCENT = 50

/**
 * Form A (quick screening). The wording of the criteria is *unconfirmed* and kept as data. A household
 * matching any of them is not expected to be poor or near-poor: the case shows a warning when
 * form B still classifies it so, for the village meeting to look at; the class itself comes from form B.
 */
export const SCREENING_CRITERIA = [
  { key: 'salaried', label: 'Có thành viên hưởng lương thường xuyên từ ngân sách' },
  { key: 'car', label: 'Có ô tô (trừ xe dùng để sản xuất, kinh doanh nhỏ)' },
  { key: 'house', label: 'Có nhà ở kiên cố giá trị lớn, nhiều tầng' },
  { key: 'business', label: 'Có cơ sở sản xuất, kinh doanh thuê từ 5 lao động trở lên' },
  { key: 'land', label: 'Có đất sản xuất rộng, cho thuê hoặc thu nhập cao từ đất' },
] as const
export type ScreeningKey = (typeof SCREENING_CRITERIA)[number]['key']
export const ScreeningSchema = z
  .object({
    salaried: z.boolean().default(false),
    car: z.boolean().default(false),
    house: z.boolean().default(false),
    business: z.boolean().default(false),
    land: z.boolean().default(false),
  })
  .strict()
export type Screening = z.output<typeof ScreeningSchema>

export function screeningFlags(s: Screening): string[] {
  return SCREENING_CRITERIA.filter((c) => s[c.key]).map((c) => c.label)
}

// ---------- Inputs ----------

export const OpenReviewSchema = z.object({ year: YearSchema }).strict()

export const AddApplicantSchema = z
  .object({
    year: YearSchema,
    /** Date the form 01 application was received. */
    appliedOn: IsoDateSchema,
    /** An existing household (added to the register after the review opened), or a new one typed in. */
    householdId: z.string().uuid().optional(),
    household: HouseholdInputSchema.optional(),
  })
  .strict()
  .refine((v) => Boolean(v.householdId) !== Boolean(v.household), {
    message: 'Chọn một hộ đã có trong sổ hoặc nhập hộ mới (không cả hai)',
    path: ['householdId'],
  })
export type AddApplicantInput = z.input<typeof AddApplicantSchema>

export const OngoingCaseSchema = z
  .object({
    householdId: z.string().uuid(),
    /** The review year whose result this case settles. */
    year: YearSchema,
    appliedOn: IsoDateSchema,
    reason: Text(500).min(1, 'Nêu lý do rà soát (phát sinh khó khăn, đề nghị thoát nghèo…)'),
  })
  .strict()

export const SurveySchema = z
  .object({
    caseId: z.string().uuid(),
    screening: ScreeningSchema.default({ salaried: false, car: false, house: false, business: false, land: false }),
    /** Form B: B1 income (per person per month) and B2 deprivations; the year is the case's. */
    assessment: AssessmentInputSchema.omit({ year: true }).strict(),
  })
  .strict()
export type SurveyInput = z.input<typeof SurveySchema>

export const MeetingSchema = z
  .object({
    year: YearSchema,
    /** The village (thôn/bản/tổ) whose meeting this is. */
    unitId: z.string().uuid('Chọn thôn/bản'),
    heldOn: IsoDateSchema,
    chair: Text(100).min(1, 'Nhập người chủ trì (trưởng thôn)'),
    secretary: Text(100).default(''),
    attendees: z.number().int('Số người dự là số nguyên').min(1, 'Số người dự phải lớn hơn 0').max(10_000),
    /** Representatives present (names, one per line), printed in the minutes. */
    attendeeNames: z.array(Text(100)).max(50).default([]),
    votes: z
      .array(
        z
          .object({
            caseId: z.string().uuid(),
            agreePercent: z.number('Tỷ lệ đồng ý phải là số').min(0, 'Tỷ lệ đồng ý không được âm').max(100, 'Tỷ lệ đồng ý không quá 100%'),
          })
          .strict(),
      )
      .min(1, 'Chọn ít nhất một hộ được bình xét'),
  })
  .strict()
export type MeetingInput = z.input<typeof MeetingSchema>

export const PostSchema = z.object({ year: YearSchema, unitId: z.string().uuid(), postedOn: IsoDateSchema }).strict()

export const DecisionSchema = z
  .object({
    decisionNumber: Text(60).min(1, 'Nhập số quyết định'),
    decisionDate: IsoDateSchema,
  })
  .strict()
export const ApproveSchema = DecisionSchema.extend({ year: YearSchema }).strict()
export const ApproveCaseSchema = DecisionSchema.extend({ caseId: z.string().uuid() }).strict()
export const ReopenSchema = z
  .object({ caseId: z.string().uuid(), reason: Text(500).min(5, 'Nêu lý do điều chỉnh (ít nhất 5 ký tự)') })
  .strict()

// ---------- Outputs ----------

export const CycleSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  standardId: z.string(),
  standardName: z.string(),
  openedOn: z.string(),
  state: z.enum(['open', 'approved']),
  decisionNumber: z.string().nullable(),
  decisionDate: z.string().nullable(),
})
export type Cycle = z.infer<typeof CycleSchema>

export const ProgressCountsSchema = z.object({
  total: z.number().int(),
  surveyed: z.number().int(),
  met: z.number().int(),
  posted: z.number().int(),
  approved: z.number().int(),
  /** Sent back for re-assessment and not surveyed again yet. */
  redo: z.number().int(),
})
export type ProgressCounts = z.infer<typeof ProgressCountsSchema>

export const ProgressRowSchema = ProgressCountsSchema.extend({
  unitId: z.string().nullable(),
  name: z.string(),
  level: z.enum(['village', 'commune', 'total']),
})
export type ProgressRow = z.infer<typeof ProgressRowSchema>

export const ReviewStatusSchema = z.object({
  cycle: CycleSchema.nullable(),
  rows: z.array(ProgressRowSchema),
})
export type ReviewStatus = z.infer<typeof ReviewStatusSchema>

export const CaseRowSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  householdId: z.string(),
  code: z.string(),
  headName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  memberCount: z.number().int(),
  origin: CaseOriginSchema,
  stage: CaseStageSchema,
  locked: z.boolean(),
  classification: ClassificationSchema.nullable(),
  previousClassification: ClassificationSchema.nullable(),
  agreePercent: z.number().nullable(),
  appliedOn: z.string().nullable(),
  /** Ongoing cases: the date the decision is due; `daysLeft` negative when late. */
  dueOn: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
})
export type CaseRow = z.infer<typeof CaseRowSchema>

export const CaseDetailSchema = CaseRowSchema.extend({
  reason: z.string(),
  screening: ScreeningSchema.nullable(),
  screeningFlags: z.array(z.string()),
  /** Set when form A suggests the household is not poor but form B classifies it poor/near-poor. */
  screeningWarning: z.string().nullable(),
  incomePerPersonMonth: z.number().int().nullable(),
  housingAreaM2: z.number().nullable(),
  indicators: z.array(z.object({ no: z.number().int(), name: z.string(), deprived: z.boolean(), value: z.string(), source: z.string() })),
  incomeScore: z.number().int().nullable(),
  deprivationScore: z.number().int().nullable(),
  reasons: z.array(z.string()),
  decisionNumber: z.string().nullable(),
  decisionDate: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), note: z.string() })),
})
export type CaseDetail = z.infer<typeof CaseDetailSchema>

export const MeetingViewSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  unitId: z.string(),
  unitName: z.string(),
  heldOn: z.string(),
  chair: z.string(),
  secretary: z.string(),
  attendees: z.number().int(),
  votes: z.array(z.object({ caseId: z.string(), headName: z.string(), agreePercent: z.number(), passed: z.boolean() })),
})
export type MeetingView = z.infer<typeof MeetingViewSchema>

// The year's movements and the plan's targets are in their own file; re-exported so every import of
// the review's shapes keeps one path.
export * from './review-movements'
