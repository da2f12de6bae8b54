import { ApiError } from '@shared/contract/errors'
import { AssessmentInputSchema, type Classification } from '@shared/domain/households'
import { STAGE_LABEL, SurveySchema, type CaseDetail, type SurveyInput } from '@shared/domain/reviews'
import { CLASS_LABEL } from '@shared/standards/classify'
import { findStandardById } from './standard'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { buildAssessment } from '../households/assess'
import { toMember } from '../households/rows'
import { refreshLatest } from '../households/save'
import { requireCase } from './case-rows'
import { caseDetail } from './cases'
import { findCycle } from './cycles'
import { assertResultEditable } from './lock'

/**
 * Records the survey of one household (form A screening, form B1 income, form B2 deprivations) and
 * classifies it under the standard of the review: the cycle's standard for the annual review, the
 * year's standard for an ongoing case. Indicators the standard derives from the members are derived
 * here as in the register. A household sent back by the meeting (`redo`) is surveyed again here.
 */
export async function recordSurvey(ctx: ServiceContext, raw: SurveyInput): Promise<CaseDetail> {
  const input = SurveySchema.parse(raw)
  const at = ctx.now().toISOString()
  // Read before the transaction: the store has one connection, so a query outside `trx` inside it would wait forever.
  const known = await requireCase(ctx.store.db, input.caseId)
  const standard = await findStandardById(ctx, (await findCycle(ctx.store.db, known.year))?.standard_id ?? null, known.year)
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
    const { row } = buildAssessment({
      householdId: h.id,
      standard,
      areaType: h.area_type,
      input: AssessmentInputSchema.parse({ ...input.assessment, year: c.year }),
      members,
      memberCount: members.length,
      previous: (previous?.classification ?? null) as Classification | null,
      existingId: before?.id,
      at,
    })
    if (before) {
      await trx
        .updateTable('household_assessments')
        .set({ ...row, created_at: before.created_at })
        .where('id', '=', before.id)
        .execute()
    } else await trx.insertInto('household_assessments').values(row).execute()
    await refreshLatest(trx, h.id)
    await trx
      .updateTable('review_cases')
      .set({ stage: 'surveyed', screening_json: JSON.stringify(input.screening), updated_at: at })
      .where('id', '=', c.id)
      .execute()
    await audit(trx, ctx, {
      entity: 'review_case',
      entityId: c.id,
      action: c.stage === 'redo' ? 'resurvey' : 'survey',
      before: before ?? undefined,
      after: { ...row, screening: input.screening, note: `Kết quả: ${CLASS_LABEL[row.classification]}` },
    })
  })
  return caseDetail(ctx, input.caseId)
}
