import type { Transaction } from 'kysely'
import { sql } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { ApproveCaseSchema, ApproveSchema, ReopenSchema, STAGE_LABEL, type CaseDetail, type Cycle } from '@shared/domain/reviews'
import { formatDate } from '@shared/text/format'
import type { z } from 'zod'
import type { Database } from '../../store/schema'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireCase } from './case-rows'
import { caseDetail } from './cases'
import { standardInForce } from '@shared/standards'
import { effectiveStandards } from '../households/standards'
import { listCycles, requireCycle } from './cycles'

/** Appends the recognised results of the given cases to the ledger the date-based movements read. */
async function recordResults(
  trx: Transaction<Database>,
  caseIds: readonly string[] | 'year',
  year: number,
  decision: { number: string; date: string },
  at: string,
) {
  await sql`insert into review_results (household_id, case_id, year, effective_on, classification, member_count, decision_number, created_at)
    select c.household_id, c.id, c.year, ${decision.date}, a.classification, h.member_count, ${decision.number}, ${at}
    from review_cases c
    join household_assessments a on a.household_id = c.household_id and a.year = c.year
    join households h on h.id = c.household_id
    where c.year = ${year} and ${caseIds === 'year' ? sql`c.origin <> 'ongoing'` : sql`c.id in (${sql.join(caseIds)})`}`.execute(trx)
}

/**
 * The commune chair's decision recognising the year's lists. Refused while any household of the
 * list has not been through the village meeting and the posting; the message names them. Every
 * case is then approved and locked in the same transaction, with the decision on each.
 */
export async function approveYear(ctx: ServiceContext, raw: z.input<typeof ApproveSchema>): Promise<Cycle> {
  const input = ApproveSchema.parse(raw)
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const cycle = await requireCycle(trx, input.year)
    if (cycle.state === 'approved') {
      throw new ApiError('CONFLICT', `Kỳ rà soát năm ${input.year} đã được phê duyệt (Quyết định số ${cycle.decision_number}).`, ['year'])
    }
    if (input.decisionDate < cycle.opened_on) {
      throw new ApiError('BAD_INPUT', `Ngày quyết định trước ngày mở kỳ rà soát (${formatDate(cycle.opened_on)}).`, ['decisionDate'])
    }
    const pending = await trx
      .selectFrom('review_cases as c')
      .innerJoin('households as h', 'h.id', 'c.household_id')
      .select(['c.stage', 'h.head_name'])
      .where('c.year', '=', input.year)
      .where('c.origin', '<>', 'ongoing')
      .where('c.stage', '<>', 'posted')
      .orderBy('h.head_name_sort')
      .execute()
    if (pending.length) {
      const notMet = pending.filter((p) => p.stage !== 'met')
      const names = (notMet.length ? notMet : pending).slice(0, 5).map((p) => `${p.head_name} (${STAGE_LABEL[p.stage]})`)
      const more = (notMet.length || pending.length) > 5 ? ` và ${(notMet.length || pending.length) - 5} hộ khác` : ''
      throw new ApiError(
        'BAD_INPUT',
        notMet.length
          ? `Chưa thể phê duyệt: ${notMet.length} hộ chưa được họp thôn thống nhất: ${names.join('; ')}${more}.`
          : `Chưa thể phê duyệt: ${pending.length} hộ đã họp thôn nhưng chưa niêm yết công khai: ${names.join('; ')}${more}.`,
        ['year'],
      )
    }
    await trx
      .updateTable('review_cycles')
      .set({ state: 'approved', decision_number: input.decisionNumber, decision_date: input.decisionDate, updated_at: at })
      .where('id', '=', cycle.id)
      .execute()
    await trx
      .updateTable('review_cases')
      .set({ stage: 'approved', locked: 1, decision_number: input.decisionNumber, decision_date: input.decisionDate, updated_at: at })
      .where('year', '=', input.year)
      .where('origin', '<>', 'ongoing')
      .execute()
    await recordResults(trx, 'year', input.year, { number: input.decisionNumber, date: input.decisionDate }, at)
    await audit(trx, ctx, {
      entity: 'review_cycle',
      entityId: cycle.id,
      action: 'approve',
      before: cycle,
      after: { ...cycle, state: 'approved', decision_number: input.decisionNumber, decision_date: input.decisionDate },
    })
  })
  return (await listCycles(ctx)).find((c) => c.year === input.year)!
}

/**
 * A correction: an approver reopens one household's locked result, giving the reason. The household
 * is surveyed again and its corrected result approved by its own decision (approveCase).
 */
export async function reopenCase(ctx: ServiceContext, raw: z.input<typeof ReopenSchema>): Promise<CaseDetail> {
  const input = ReopenSchema.parse(raw)
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const c = await requireCase(trx, input.caseId)
    if (c.locked !== 1) throw new ApiError('BAD_INPUT', 'Kết quả của hộ chưa được phê duyệt nên không cần mở lại.', ['caseId'])
    await trx
      .updateTable('review_cases')
      .set({ locked: 0, stage: 'listed', reason: input.reason, updated_at: at })
      .where('id', '=', c.id)
      .execute()
    await audit(trx, ctx, {
      entity: 'review_case',
      entityId: c.id,
      action: 'reopen',
      before: c,
      after: { locked: 0, stage: 'listed', note: `Mở lại để điều chỉnh: ${input.reason}` },
    })
  })
  return caseDetail(ctx, input.caseId)
}

/**
 * Approves one case by its own decision: an ongoing review, or the correction of a reopened result
 * in a year already approved. A case in a year still under review is approved with the whole list.
 */
export async function approveCase(ctx: ServiceContext, raw: z.input<typeof ApproveCaseSchema>): Promise<CaseDetail> {
  const input = ApproveCaseSchema.parse(raw)
  const at = ctx.now().toISOString()
  // An ongoing case is decided under the standard in force on the day of the decision (read before the transaction).
  const inForce = standardInForce(await effectiveStandards(ctx), input.decisionDate)
  await ctx.store.db.transaction().execute(async (trx) => {
    const c = await requireCase(trx, input.caseId)
    if (c.locked === 1) throw new ApiError('BAD_INPUT', 'Kết quả của hộ đã được phê duyệt và đang khóa.', ['caseId'])
    if (c.origin !== 'ongoing') {
      const cycle = await requireCycle(trx, c.year)
      if (cycle.state !== 'approved') {
        throw new ApiError('BAD_INPUT', `Kết quả năm ${c.year} được phê duyệt cùng cả danh sách của kỳ rà soát.`, ['caseId'])
      }
    }
    if (c.stage === 'listed' || c.stage === 'redo') {
      throw new ApiError('BAD_INPUT', 'Hộ chưa được khảo sát (lại) nên chưa có kết quả để phê duyệt.', ['caseId'])
    }
    if (c.origin === 'ongoing') {
      const a = await trx
        .selectFrom('household_assessments')
        .select('standard_id')
        .where('household_id', '=', c.household_id)
        .where('year', '=', c.year)
        .executeTakeFirst()
      if (inForce && a && a.standard_id !== inForce.id) {
        throw new ApiError(
          'BAD_INPUT',
          `Ngày ${formatDate(input.decisionDate)} áp dụng ${inForce.name}, nhưng hộ được khảo sát theo chuẩn khác: hãy khảo sát lại hộ trước khi phê duyệt.`,
          ['decisionDate'],
        )
      }
    }
    await trx
      .updateTable('review_cases')
      .set({ stage: 'approved', locked: 1, decision_number: input.decisionNumber, decision_date: input.decisionDate, updated_at: at })
      .where('id', '=', c.id)
      .execute()
    await recordResults(trx, [c.id], c.year, { number: input.decisionNumber, date: input.decisionDate }, at)
    await audit(trx, ctx, {
      entity: 'review_case',
      entityId: c.id,
      action: 'approve',
      before: c,
      after: { note: `Phê duyệt theo Quyết định số ${input.decisionNumber} ngày ${formatDate(input.decisionDate)}` },
    })
  })
  return caseDetail(ctx, input.caseId)
}
