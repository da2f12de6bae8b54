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

/** Why a household is on the annual review's list (Decision 24/2021): on the current lists, applied (form 01), or added by the clerk. */
export const LIST_BASES = ['poor', 'near_poor', 'application', 'added'] as const
export const ListBasisSchema = z.enum(LIST_BASES)
export type ListBasis = z.infer<typeof ListBasisSchema>
export const LIST_BASIS_LABEL: Record<ListBasis, string> = {
  poor: 'Hộ nghèo đang quản lý',
  near_poor: 'Hộ cận nghèo đang quản lý',
  application: 'Hộ có giấy đề nghị (mẫu 01)',
  added: 'Cán bộ bổ sung',
}
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
    /** Form A's result as the surveyor wrote it: `pass` goes on to form B, `fail` is screened out. */
    result: z.enum(['pass', 'fail'], 'Kết quả phiếu A là "đạt" hoặc "không đạt"').nullable().default(null),
  })
  .strict()
export type Screening = z.output<typeof ScreeningSchema>

export function screeningFlags(s: Screening): string[] {
  const flags: string[] = SCREENING_CRITERIA.filter((c) => s[c.key]).map((c) => c.label)
  if (s.result === 'fail') flags.unshift('Phiếu A: không đạt (hộ bị loại khi sàng lọc)')
  return flags
}

// ---------- Inputs ----------

export const OpenReviewSchema = z.object({ year: YearSchema }).strict()

export const AddApplicantSchema = z
  .object({
    year: YearSchema,
    /** Date the form 01 application was received. */
    appliedOn: IsoDateSchema,
    /** Who applied (form 01); the head of household when left empty. */
    applicantName: Text(100).default(''),
    /** The reason the household gives. */
    reason: Text(500).default(''),
    /** An existing household of the register, or a new one typed in. */
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

/** A household of the register the clerk adds to the year's list, with the reason (not on the lists, no application). */
export const AddCaseSchema = z
  .object({
    year: YearSchema,
    householdId: z.string().uuid('Chọn hộ trong sổ'),
    reason: Text(500).min(5, 'Nêu lý do đưa hộ vào danh sách rà soát (ít nhất 5 ký tự)'),
  })
  .strict()
export type AddCaseInput = z.input<typeof AddCaseSchema>

/** The B1 score as the surveyor computed it on paper form B1: a whole number the clerk types. */
export const B1ScoreSchema = z
  .number('Điểm B1 phải là số')
  .int('Điểm B1 là số nguyên (như trên phiếu B1)')
  .min(0, 'Điểm B1 không được âm')
  .max(1000, 'Điểm B1 không quá 1.000')

export const SurveySchema = z
  .object({
    caseId: z.string().uuid(),
    screening: ScreeningSchema.default({ salaried: false, car: false, house: false, business: false, land: false, result: null }),
    /** Form B1's score as written on the paper form; null when not entered (the review then classifies by income). */
    b1Score: B1ScoreSchema.nullable().default(null),
    /**
     * Form B2's deprivations (indicators), the income and the house area; the year is the case's.
     * The income may be left out when B1 is entered: the register's latest income is kept.
     */
    assessment: AssessmentInputSchema.omit({ year: true })
      .extend({ incomePerPersonMonth: AssessmentInputSchema.shape.incomePerPersonMonth.optional() })
      .strict(),
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
/** Moves a review that is not approved to another standard (the data's, or the province's instruction). */
export const RestandardSchema = z
  .object({
    year: YearSchema,
    standardId: z.string().min(1, 'Chọn chuẩn nghèo'),
    reason: Text(500).min(5, 'Nêu lý do chuyển chuẩn nghèo (ít nhất 5 ký tự)'),
  })
  .strict()
export const RestandardPreviewSchema = RestandardSchema.omit({ reason: true }).strict()

export const ReopenSchema = z
  .object({ caseId: z.string().uuid(), reason: Text(500).min(5, 'Nêu lý do điều chỉnh (ít nhất 5 ký tự)') })
  .strict()

// ---------- Outputs ----------

export const CycleSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  standardId: z.string(),
  standardName: z.string(),
  /** The year whose lists this review sets. */
  listsYear: z.number().int(),
  /** Which standard the review uses and why, in one sentence for the page. */
  standardBasis: z.string(),
  /** The standard the data assigns to this year's review (null when none does). */
  expectedStandardId: z.string().nullable(),
  /** Set when the review's standard differs from the data's and no reason was recorded for it. */
  standardWarning: z.string().nullable(),
  /** The reason recorded when the review was moved to its standard. */
  standardReason: z.string().nullable(),
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
  /** Why the household is on the list; null for lists made before the rule (the whole register). */
  listBasis: ListBasisSchema.nullable(),
  appliedOn: z.string().nullable(),
  /** Form 01: who applied. */
  applicantName: z.string().nullable(),
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
  /** The B1 score as entered from form B1 (null when not entered: nothing is computed). */
  incomeScore: z.number().int().nullable(),
  deprivationScore: z.number().int().nullable(),
  /** The standard the case is classified under, and whether it has B1 thresholds. */
  standardId: z.string(),
  b1Thresholds: z.object({ rural: z.number().int(), urban: z.number().int() }).nullable(),
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

/** What moving a review to another standard would do, before the clerk confirms. */
export const RestandardPreviewViewSchema = z.object({
  year: z.number().int(),
  fromStandardId: z.string(),
  fromStandardName: z.string(),
  toStandardId: z.string(),
  toStandardName: z.string(),
  /** Cases with a survey result for the year, re-classified. */
  reclassified: z.number().int(),
  /** How many of them change class. */
  changed: z.number().int(),
  /** Cases already met or posted whose class changes: they go back to "surveyed" for a new meeting. */
  backToSurvey: z.number().int(),
  changes: z.array(
    z.object({ caseId: z.string(), code: z.string(), headName: z.string(), from: ClassificationSchema, to: ClassificationSchema }),
  ),
  /** Indicators of the new standard with no counterpart in the old one: not deprived until surveyed again. */
  newIndicators: z.array(z.string()),
})
export type RestandardPreview = z.infer<typeof RestandardPreviewViewSchema>

// The year's movements and the plan's targets are in their own file; re-exported so every import of
// the review's shapes keeps one path.
export * from './review-movements'
