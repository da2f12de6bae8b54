import { ApiError } from '@shared/contract/errors'
import { AssessmentInputSchema, type Classification } from '@shared/domain/households'
import { STAGE_LABEL, SurveySchema, type CaseDetail, type SurveyInput } from '@shared/domain/reviews'
import { CLASS_LABEL } from '@shared/standards/classify'
import { caseStandard } from './standard'
import { householdWriter } from '../../store/households'
import type { ServiceContext } from '../context'
import { buildAssessment } from '../households/assess'
import { toMember } from '../households/rows'
import { requireCase } from './case-rows'
import { caseDetail } from './cases'
import { assertResultEditable } from './lock'

/**
 * Records the survey of one household as the forms have it — form A's screening, the B1 score the
 * surveyor computed on paper form B1 (typed, never derived), form B2's deprivations — and classifies
 * it under the standard of the review (the cycle's for the annual review, the one in force for an
 * ongoing case): B1 against the standard's B1 thresholds and B2 = 10 points per deprivation; without
 * B1 thresholds (or without a B1 score) by income, with a note saying so. Indicators the standard
 * derives from the members are derived here as in the register. A household sent back by the
 * meeting (`redo`) is surveyed again here.
 */
export async function recordSurvey(ctx: ServiceContext, raw: SurveyInput): Promise<CaseDetail> {
  const input = SurveySchema.parse(raw)
  const at = ctx.now().toISOString()
  // Read before the transaction: the store has one connection, so a query outside `trx` inside it would wait forever.
  const known = await requireCase(ctx.store.db, input.caseId)
  const standard = await caseStandard(ctx, ctx.store.db, known)
  await ctx.store.db.transaction().execute(async (trx) => {
    const c = await requireCase(trx, input.caseId)
    await assertResultEditable(trx, c.household_id, c.year, ['caseId'])
    if (c.stage === 'met' || c.stage === 'posted' || c.stage === 'approved') {
      throw new ApiError(
        'BAD_INPUT',
        `Hộ đang ở bước "${STAGE_LABEL[c.stage]}": kết quả đã được cuộc họp thôn bình xét, không khảo sát lại được.`,
        ['caseId'],
      )
    }
    const h = await trx.selectFrom('households').selectAll().where('id', '=', c.household_id).executeTakeFirstOrThrow()
    const members = (
      await trx.selectFrom('household_members').selectAll().where('household_id', '=', h.id).orderBy('position').execute()
    ).map(toMember)
    const before = await trx
      .selectFrom('household_assessments')
      .selectAll()
      .where('household_id', '=', h.id)
      .where('year', '=', c.year)
      .executeTakeFirst()
    const previous = await trx
      .selectFrom('household_assessments')
      .select('classification')
      .where('household_id', '=', h.id)
      .where('year', '=', c.year - 1)
      .executeTakeFirst()
    // Form B1 has no income line: when the clerk leaves the income out, the register's latest one is kept.
    const income =
      input.assessment.incomePerPersonMonth ??
      (
        await trx
          .selectFrom('household_assessments')
          .select('income_per_person_month')
          .where('household_id', '=', h.id)
          .where('year', '<=', c.year)
          .orderBy('year', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.income_per_person_month
    if (income === undefined) {
      throw new ApiError('BAD_INPUT', 'Hộ chưa có thu nhập bình quân trong sổ: nhập thu nhập bình quân đầu người.', [
        'assessment',
        'incomePerPersonMonth',
      ])
    }
    const built = buildAssessment({
      householdId: h.id,
      standard,
      areaType: h.area_type,
      input: AssessmentInputSchema.parse({ ...input.assessment, incomePerPersonMonth: income, year: c.year }),
      members,
      memberCount: members.length,
      previous: (previous?.classification ?? null) as Classification | null,
      livelihood: h.livelihood,
      b1Score: input.b1Score,
      existingId: before?.id,
      at,
    })
    const row = built.row
    if (input.b1Score === null && standard.scores?.incomeScoreLine) {
      // The review classifies by B1 when a score is entered; say so when it was not.
      row.reasons_json = JSON.stringify(['Chưa nhập điểm B1 (phiếu B1): phân loại theo thu nhập', ...built.result.reasons])
    }
    // Kept from the first survey: the row is the same year's assessment, surveyed again.
    if (before) row.created_at = before.created_at
    const writer = householdWriter(ctx.store)
    writer.setAssessment(row)
    await trx
      .updateTable('review_cases')
      .set({ stage: 'surveyed', screening_json: JSON.stringify(input.screening), updated_at: at })
      .where('id', '=', c.id)
      .execute()
    writer.audit({
      at,
      actor: ctx.actor(),
      entity: 'review_case',
      entityId: c.id,
      action: c.stage === 'redo' ? 'resurvey' : 'survey',
      before: before ?? undefined,
      after: {
        ...row,
        screening: input.screening,
        note: `Kết quả: ${CLASS_LABEL[row.classification]}${input.b1Score === null ? '' : ` (điểm B1 ${input.b1Score}, B2 ${row.deprivation_score})`}`,
      },
    })
  })
  return caseDetail(ctx, input.caseId)
}
