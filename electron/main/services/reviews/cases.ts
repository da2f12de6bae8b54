import { randomUUID } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { localToday } from '@shared/domain/deadline'
import { ongoingTiming } from '@shared/reviews/rules'
import {
  AddApplicantSchema,
  AddCaseSchema,
  OngoingCaseSchema,
  ScreeningSchema,
  screeningFlags,
  type AddApplicantInput,
  type AddCaseInput,
  type CaseDetail,
  type CaseRow,
  type CaseStage,
} from '@shared/domain/reviews'
import type { IndicatorValue } from '@shared/domain/households'
import type { z } from 'zod'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { saveHousehold } from '../households/save'
import { standardOn } from '../households/standards'
import { caseStandard } from './standard'
import { scopeUnits } from '../reports/scope'
import { caseQuery, previousClasses, requireCase, toCaseRow } from './case-rows'
import { assertResultEditable } from './lock'
import { requireCycle } from './cycles'

export interface CaseFilter {
  year: number
  /** A commune or a village; null for all. */
  unitId?: string | null | undefined
  stage?: CaseStage | null | undefined
  ongoing?: boolean | undefined
}

/** The year's cases (annual, or with `ongoing` the single reviews), in Vietnamese order of the head's name. */
export async function listCases(ctx: ServiceContext, f: CaseFilter): Promise<CaseRow[]> {
  let units: string[] | null = null
  if (f.unitId) {
    const { villagesOf } = await scopeUnits(ctx, null)
    units = [f.unitId, ...villagesOf(f.unitId).map((v) => v.id)]
  }
  const rows = await caseQuery(ctx.store.db)
    .where('c.year', '=', f.year)
    .where('c.origin', f.ongoing ? '=' : '<>', 'ongoing')
    .$if(units !== null, (q) => q.where('h.unit_id', 'in', units!))
    .$if(Boolean(f.stage), (q) => q.where('c.stage', '=', f.stage!))
    .orderBy('h.head_name_sort')
    .orderBy('h.code')
    .limit(5000)
    .execute()
  const prev = await previousClasses(ctx.store.db, rows)
  const today = localToday(ctx.now())
  return rows.map((r) => toCaseRow(r, prev.get(r.household_id) ?? null, today))
}

/** One case's row in the list (a written case is read alone, not found in the year's whole list). */
async function caseRowById(ctx: ServiceContext, id: string): Promise<CaseRow> {
  const row = (await caseQuery(ctx.store.db).where('c.id', '=', id).executeTakeFirst())!
  const prev = await previousClasses(ctx.store.db, [row])
  return toCaseRow(row, prev.get(row.household_id) ?? null, localToday(ctx.now()))
}

/** One case with its survey (form A, B1, B2), the classification and its reasons, and its history. */
export async function caseDetail(ctx: ServiceContext, id: string): Promise<CaseDetail> {
  const db = ctx.store.db
  const c = await requireCase(db, id)
  const row = await caseRowById(ctx, id)
  const a = await db
    .selectFrom('household_assessments')
    .selectAll()
    .where('household_id', '=', c.household_id)
    .where('year', '=', c.year)
    .executeTakeFirst()
  const standard = await caseStandard(ctx, db, c)
  const screening = c.screening_json ? ScreeningSchema.parse(JSON.parse(c.screening_json)) : null
  const flags = screening ? screeningFlags(screening) : []
  const cls = a?.classification ?? null
  const history = await db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action', 'after_json'])
    .where('entity', '=', 'review_case')
    .where('entity_id', '=', id)
    .orderBy('seq')
    .execute()
  const indicators = a ? (JSON.parse(a.indicators_json) as IndicatorValue[]) : []
  return {
    ...row,
    reason: c.reason,
    screening,
    screeningFlags: flags,
    screeningWarning:
      flags.length && (cls === 'poor' || cls === 'near_poor')
        ? `Phiếu A ghi nhận dấu hiệu không thuộc diện (${flags.join('; ')}) nhưng phiếu B xếp hộ vào nhóm ${cls === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo'}: đề nghị cuộc họp thôn xem xét kỹ.`
        : null,
    incomePerPersonMonth: a?.income_per_person_month ?? null,
    housingAreaM2: a?.housing_area_m2 ?? null,
    indicators: standard.indicators.map((i) => {
      const v = indicators.find((x) => x.no === i.no)
      return { no: i.no, name: i.name, deprived: v?.deprived ?? false, value: v?.value ?? '', source: v?.source ?? 'entered' }
    }),
    incomeScore: a?.income_score ?? null,
    deprivationScore: a?.deprivation_score ?? null,
    standardId: standard.id,
    b1Thresholds: standard.scores?.incomeScoreLine ?? null,
    reasons: a ? (JSON.parse(a.reasons_json) as string[]) : [],
    decisionNumber: c.decision_number,
    decisionDate: c.decision_date,
    history: history.map((h) => {
      const after = h.after_json ? (JSON.parse(h.after_json) as { note?: string }) : {}
      return { at: h.at, actor: h.actor, action: h.action, note: after.note ?? '' }
    }),
  }
}

/**
 * The household of that code and its case in the year's annual review (null when not listed), for
 * naming a household by its code (the command line) rather than picking it from the list.
 */
export async function findCaseByCode(
  ctx: ServiceContext,
  input: { year: number; code: string },
): Promise<{ householdId: string; code: string; headName: string; caseId: string | null }> {
  const db = ctx.store.db
  await requireCycle(db, input.year)
  const h = await db.selectFrom('households').select(['id', 'code', 'head_name']).where('code', '=', input.code).executeTakeFirst()
  if (!h) throw new ApiError('NOT_FOUND', `Không có hộ mã ${input.code} trong sổ.`, ['code'])
  const c = await db
    .selectFrom('review_cases')
    .select('id')
    .where('household_id', '=', h.id)
    .where('year', '=', input.year)
    .where('origin', '<>', 'ongoing')
    .executeTakeFirst()
  return { householdId: h.id, code: h.code, headName: h.head_name, caseId: c?.id ?? null }
}

/** The year's open review, refusing an approved one (new cases then go to the ongoing review). */
async function requireOpenCycle(ctx: ServiceContext, year: number) {
  const cycle = await requireCycle(ctx.store.db, year)
  if (cycle.state === 'approved') {
    throw new ApiError('BAD_INPUT', `Kỳ rà soát năm ${year} đã được phê duyệt; hộ đề nghị mới được rà soát thường xuyên.`, ['year'])
  }
  return cycle
}

/**
 * Adds an applicant (form 01: date, who applied, reason) to the year's list: a household typed in
 * now (saved to the register first, in its own audited transaction) or one of the register.
 */
export async function addApplicant(ctx: ServiceContext, raw: AddApplicantInput): Promise<CaseRow> {
  const input = AddApplicantSchema.parse(raw)
  await requireOpenCycle(ctx, input.year)
  if (input.householdId) await requireHousehold(ctx, input.householdId)
  const householdId = input.householdId ?? (await saveHousehold(ctx, { ...input.household!, assessment: null })).id
  const head = await ctx.store.db.selectFrom('households').select('head_name').where('id', '=', householdId).executeTakeFirstOrThrow()
  const applicant = input.applicantName || head.head_name
  const reason = input.reason ? `Đơn đề nghị (mẫu 01): ${input.reason}` : 'Hộ có giấy đề nghị rà soát (mẫu 01)'
  return insertAnnualCase(ctx, input.year, householdId, {
    basis: 'application',
    origin: 'applicant',
    appliedOn: input.appliedOn,
    applicantName: applicant,
    reason,
    action: 'add-applicant',
    note: `Đơn đề nghị ngày ${input.appliedOn.split('-').reverse().join('/')} của ${applicant}${input.reason ? `: ${input.reason}` : ''}`,
  })
}

/** Adds a household of the register to the year's list with the clerk's reason (audited). */
export async function addCase(ctx: ServiceContext, raw: AddCaseInput): Promise<CaseRow> {
  const input = AddCaseSchema.parse(raw)
  await requireOpenCycle(ctx, input.year)
  await requireHousehold(ctx, input.householdId)
  return insertAnnualCase(ctx, input.year, input.householdId, {
    basis: 'added',
    origin: 'register',
    appliedOn: null,
    applicantName: null,
    reason: input.reason,
    action: 'add-case',
    note: `Cán bộ bổ sung vào danh sách: ${input.reason}`,
  })
}

async function requireHousehold(ctx: ServiceContext, id: string): Promise<void> {
  const h = await ctx.store.db.selectFrom('households').select('id').where('id', '=', id).executeTakeFirst()
  if (!h) throw new ApiError('NOT_FOUND', 'Không tìm thấy hộ gia đình.', ['householdId'])
}

async function insertAnnualCase(
  ctx: ServiceContext,
  year: number,
  householdId: string,
  c: {
    basis: 'application' | 'added'
    origin: 'applicant' | 'register'
    appliedOn: string | null
    applicantName: string | null
    reason: string
    action: string
    note: string
  },
): Promise<CaseRow> {
  const id = randomUUID()
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('review_cases')
      .select('id')
      .where('household_id', '=', householdId)
      .where('year', '=', year)
      .where('origin', '<>', 'ongoing')
      .executeTakeFirst()
    if (existing) throw new ApiError('CONFLICT', `Hộ đã có trong danh sách rà soát năm ${year}.`, ['householdId'])
    const row = {
      id,
      year,
      household_id: householdId,
      origin: c.origin,
      stage: 'listed' as const,
      locked: 0,
      applied_on: c.appliedOn,
      due_on: null,
      reason: c.reason,
      list_basis: c.basis,
      applicant_name: c.applicantName,
      screening_json: null,
      meeting_id: null,
      agree_percent: null,
      posted_on: null,
      decision_number: null,
      decision_date: null,
      created_at: at,
      updated_at: at,
    }
    await trx.insertInto('review_cases').values(row).execute()
    await audit(trx, ctx, { entity: 'review_case', entityId: id, action: c.action, after: { ...row, note: c.note } })
  })
  return caseRowById(ctx, id)
}

/**
 * Opens an ongoing (single-household) review at any time of year (application on form 04): a new
 * hardship, or a household asking to leave the list. It is taken up in the next monthly round and
 * decided within the days the review rules give from that round's start (shared/reviews/rules.json).
 */
export async function openOngoingCase(ctx: ServiceContext, raw: z.input<typeof OngoingCaseSchema>): Promise<CaseRow> {
  const input = OngoingCaseSchema.parse(raw)
  await standardOn(ctx, input.appliedOn, ['appliedOn'])
  const id = randomUUID()
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const h = await trx.selectFrom('households').select('id').where('id', '=', input.householdId).executeTakeFirst()
    if (!h) throw new ApiError('NOT_FOUND', 'Không tìm thấy hộ gia đình.', ['householdId'])
    await assertResultEditable(trx, input.householdId, input.year, ['householdId'])
    const open = await trx
      .selectFrom('review_cases')
      .select('id')
      .where('household_id', '=', input.householdId)
      .where('origin', '=', 'ongoing')
      .where('stage', '<>', 'approved')
      .executeTakeFirst()
    if (open) throw new ApiError('CONFLICT', 'Hộ đang có một hồ sơ rà soát thường xuyên chưa kết thúc.', ['householdId'])
    const row = {
      id,
      year: input.year,
      household_id: input.householdId,
      origin: 'ongoing' as const,
      stage: 'listed' as const,
      locked: 0,
      applied_on: input.appliedOn,
      due_on: ongoingTiming(input.appliedOn).dueOn,
      reason: input.reason,
      list_basis: null,
      applicant_name: null,
      screening_json: null,
      meeting_id: null,
      agree_percent: null,
      posted_on: null,
      decision_number: null,
      decision_date: null,
      created_at: at,
      updated_at: at,
    }
    await trx.insertInto('review_cases').values(row).execute()
    await audit(trx, ctx, { entity: 'review_case', entityId: id, action: 'open-ongoing', after: { ...row, note: input.reason } })
  })
  return caseRowById(ctx, id)
}
