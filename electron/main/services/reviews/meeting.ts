import { randomUUID } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import { MIN_AGREEMENT_PERCENT, MeetingSchema, PostSchema, STAGE_LABEL, type MeetingInput, type MeetingView } from '@shared/domain/reviews'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { scopeUnits } from '../reports/scope'
import { requireCycle } from './cycles'

async function villageUnits(ctx: ServiceContext, unitId: string): Promise<{ name: string; ids: string[] }> {
  const { villagesOf } = await scopeUnits(ctx, null)
  const unit = await ctx.store.db.selectFrom('admin_units').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst()
  if (!unit) throw new ApiError('NOT_FOUND', 'Không tìm thấy thôn/bản đã chọn.', ['unitId'])
  return { name: unit.name, ids: [unit.id, ...villagesOf(unit.id).map((v) => v.id)] }
}

/**
 * Records a village meeting: who chaired it, how many attended, and for each household discussed the
 * share that agreed with its result. At least 50% confirms the result (stage `met`); below that the
 * household goes back for re-assessment (`redo`). All or nothing: one bad vote refuses the meeting.
 */
export async function recordMeeting(ctx: ServiceContext, raw: MeetingInput): Promise<MeetingView> {
  const input = MeetingSchema.parse(raw)
  const cycle = await requireCycle(ctx.store.db, input.year)
  if (cycle.state === 'approved') throw new ApiError('BAD_INPUT', `Kỳ rà soát năm ${input.year} đã được phê duyệt.`, ['year'])
  const village = await villageUnits(ctx, input.unitId)
  const seen = new Set<string>()
  input.votes.forEach((v, i) => {
    if (seen.has(v.caseId)) throw new ApiError('BAD_INPUT', 'Một hộ được bình xét hai lần trong cùng cuộc họp.', ['votes', i, 'caseId'])
    seen.add(v.caseId)
  })
  const id = randomUUID()
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const cases = await trx
      .selectFrom('review_cases as c')
      .innerJoin('households as h', 'h.id', 'c.household_id')
      .select(['c.id', 'c.year', 'c.stage', 'c.origin', 'h.unit_id', 'h.head_name'])
      .where('c.id', 'in', [...seen])
      .execute()
    for (const [i, v] of input.votes.entries()) {
      const c = cases.find((x) => x.id === v.caseId)
      const path = ['votes', i, 'caseId']
      if (!c || c.year !== input.year || c.origin === 'ongoing')
        throw new ApiError('BAD_INPUT', 'Hộ không có trong danh sách rà soát của năm.', path)
      if (!village.ids.includes(c.unit_id)) throw new ApiError('BAD_INPUT', `Hộ ${c.head_name} không thuộc ${village.name}.`, path)
      if (c.stage !== 'surveyed') {
        const why =
          c.stage === 'listed' || c.stage === 'redo' ? 'chưa được khảo sát (hoặc khảo sát lại)' : `đang ở bước "${STAGE_LABEL[c.stage]}"`
        throw new ApiError('BAD_INPUT', `Hộ ${c.head_name} ${why}, chưa thể đưa ra bình xét.`, path)
      }
    }
    const meeting = {
      id,
      year: input.year,
      unit_id: input.unitId,
      held_on: input.heldOn,
      chair: input.chair,
      secretary: input.secretary,
      attendees: input.attendees,
      attendee_names_json: JSON.stringify(input.attendeeNames),
      created_at: at,
    }
    await trx.insertInto('review_meetings').values(meeting).execute()
    await trx
      .insertInto('review_votes')
      .values(input.votes.map((v) => ({ meeting_id: id, case_id: v.caseId, agree_percent: v.agreePercent })))
      .execute()
    for (const v of input.votes) {
      const passed = v.agreePercent >= MIN_AGREEMENT_PERCENT
      await trx
        .updateTable('review_cases')
        .set({ stage: passed ? 'met' : 'redo', meeting_id: id, agree_percent: v.agreePercent, updated_at: at })
        .where('id', '=', v.caseId)
        .execute()
      await audit(trx, ctx, {
        entity: 'review_case',
        entityId: v.caseId,
        action: 'meeting',
        after: {
          meetingId: id,
          agreePercent: v.agreePercent,
          note: passed
            ? `Họp thôn ngày ${input.heldOn}: ${v.agreePercent}% đồng ý`
            : `Họp thôn ngày ${input.heldOn}: ${v.agreePercent}% đồng ý (dưới ${MIN_AGREEMENT_PERCENT}%), rà soát lại`,
        },
      })
    }
    await audit(trx, ctx, { entity: 'review_meeting', entityId: id, action: 'create', after: { ...meeting, votes: input.votes } })
  })
  return loadMeeting(ctx, id)
}

export async function loadMeeting(ctx: ServiceContext, id: string): Promise<MeetingView> {
  const m = await ctx.store.db
    .selectFrom('review_meetings as m')
    .innerJoin('admin_units as u', 'u.id', 'm.unit_id')
    .selectAll('m')
    .select('u.name as unit_name')
    .where('m.id', '=', id)
    .executeTakeFirst()
  if (!m) throw new ApiError('NOT_FOUND', 'Không tìm thấy cuộc họp.', ['meetingId'])
  const votes = await ctx.store.db
    .selectFrom('review_votes as v')
    .innerJoin('review_cases as c', 'c.id', 'v.case_id')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .select(['v.case_id', 'v.agree_percent', 'h.head_name'])
    .where('v.meeting_id', '=', id)
    .orderBy('h.head_name_sort')
    .execute()
  return {
    id: m.id,
    year: m.year,
    unitId: m.unit_id,
    unitName: m.unit_name,
    heldOn: m.held_on,
    chair: m.chair,
    secretary: m.secretary,
    attendees: m.attendees,
    votes: votes.map((v) => ({
      caseId: v.case_id,
      headName: v.head_name,
      agreePercent: v.agree_percent,
      passed: v.agree_percent >= MIN_AGREEMENT_PERCENT,
    })),
  }
}

export async function listMeetings(ctx: ServiceContext, year: number): Promise<MeetingView[]> {
  const ids = await ctx.store.db
    .selectFrom('review_meetings')
    .select('id')
    .where('year', '=', year)
    .orderBy('held_on')
    .orderBy('created_at')
    .execute()
  return Promise.all(ids.map((r) => loadMeeting(ctx, r.id)))
}

/** Posts the village's agreed results publicly: every household the meeting confirmed moves to `posted`. */
export async function postResults(
  ctx: ServiceContext,
  raw: { year: number; unitId: string; postedOn: string },
): Promise<{ posted: number }> {
  const input = PostSchema.parse(raw)
  await requireCycle(ctx.store.db, input.year)
  const village = await villageUnits(ctx, input.unitId)
  const at = ctx.now().toISOString()
  let posted = 0
  await ctx.store.db.transaction().execute(async (trx) => {
    const ready = await trx
      .selectFrom('review_cases as c')
      .innerJoin('households as h', 'h.id', 'c.household_id')
      .select('c.id')
      .where('c.year', '=', input.year)
      .where('c.stage', '=', 'met')
      .where('c.origin', '<>', 'ongoing')
      .where('h.unit_id', 'in', village.ids)
      .execute()
    if (!ready.length)
      throw new ApiError('BAD_INPUT', `${village.name} chưa có hộ nào được cuộc họp thôn thống nhất để niêm yết.`, ['unitId'])
    const ids = ready.map((r) => r.id)
    await trx
      .updateTable('review_cases')
      .set({ stage: 'posted', posted_on: input.postedOn, updated_at: at })
      .where('id', 'in', ids)
      .execute()
    for (const id of ids) {
      await audit(trx, ctx, {
        entity: 'review_case',
        entityId: id,
        action: 'post',
        after: { note: `Niêm yết công khai ngày ${input.postedOn}` },
      })
    }
    posted = ids.length
  })
  return { posted }
}
