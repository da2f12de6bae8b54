import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { sql } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { localToday } from '@shared/domain/deadline'
import { OpenReviewSchema, type Cycle } from '@shared/domain/reviews'
import { listsYearOf } from '@shared/reviews/rules'
import { standardForReview } from '@shared/standards'
import type { PovertyStandard } from '@shared/standards/schema'
import type { Database } from '../../store/schema'
import type { ReviewCycleTable } from '../../store/tables/reviews'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { effectiveStandards } from '../households/standards'
import { requireOffice } from '../office'

type Db = Kysely<Database> | Transaction<Database>

/**
 * The cycle as the page shows it: which standard it uses and why, and — for a review opened before
 * the standards said which reviews they govern (a 2026 review opened under 2022–2025) — a warning
 * that its standard differs from the one the data gives that year's review.
 */
export function toCycle(r: Selectable<ReviewCycleTable>, standards: readonly PovertyStandard[]): Cycle {
  const own = standards.find((s) => s.id === r.standard_id)
  const expected = standardForReview(standards, r.year)
  const listsYear = listsYearOf(r.year)
  const name = own?.name ?? r.standard_id
  const basis = `Kỳ rà soát năm ${r.year} xác định danh sách năm ${listsYear} — ${name}${own ? `, ${own.legalBasis}` : ''}`
  const differs = expected && expected.id !== r.standard_id
  return {
    id: r.id,
    year: r.year,
    standardId: r.standard_id,
    standardName: name,
    listsYear,
    standardBasis: r.standard_reason ? `${basis} (đã chuyển chuẩn: ${r.standard_reason})` : basis,
    expectedStandardId: expected?.id ?? null,
    standardWarning:
      differs && !r.standard_reason
        ? `Kỳ rà soát năm ${r.year} ${r.state === 'approved' ? 'đã được phê duyệt' : 'đang'} theo ${name}, nhưng danh sách năm ${listsYear} phải xác định theo ${expected.name} (${expected.legalBasis}).${r.state === 'approved' ? '' : ' Hãy chuyển kỳ rà soát sang chuẩn này (hoặc ghi lý do nếu tỉnh hướng dẫn khác).'}`
        : null,
    standardReason: r.standard_reason,
    openedOn: r.opened_on,
    state: r.state,
    decisionNumber: r.decision_number,
    decisionDate: r.decision_date,
  }
}

export async function findCycle(db: Db, year: number): Promise<Selectable<ReviewCycleTable> | undefined> {
  return db.selectFrom('review_cycles').selectAll().where('year', '=', year).executeTakeFirst()
}

export async function requireCycle(db: Db, year: number): Promise<Selectable<ReviewCycleTable>> {
  const c = await findCycle(db, year)
  if (!c) throw new ApiError('NOT_FOUND', `Chưa mở kỳ rà soát năm ${year}.`, ['year'])
  return c
}

export async function listCycles(ctx: ServiceContext): Promise<Cycle[]> {
  const [rows, standards] = await Promise.all([
    ctx.store.db.selectFrom('review_cycles').selectAll().orderBy('year', 'desc').execute(),
    effectiveStandards(ctx),
  ])
  return rows.map((r) => toCycle(r, standards))
}

/** Refuses a year no standard's data governs, naming the reviews each standard governs. */
export function reviewStandardOrRefuse(standards: readonly PovertyStandard[], year: number): PovertyStandard {
  const standard = standardForReview(standards, year)
  if (standard) return standard
  const periods = standards.map((s) => `${s.name}: kỳ rà soát ${s.annualReviews.from}–${s.annualReviews.to}`).join('; ')
  throw new ApiError(
    'BAD_INPUT',
    `Chưa có chuẩn nghèo nào áp dụng cho năm ${year} (kỳ rà soát năm ${year} xác định danh sách năm ${listsYearOf(year)}; ${periods}), nên chưa thể mở kỳ rà soát năm ${year}.`,
    ['year'],
  )
}

/**
 * Opens the year's review under the standard the data gives that review (the one in force on 1
 * January of the year whose lists it sets). The list (Decision 24/2021) is the households that are
 * poor or near-poor at that moment (their latest class up to this year), in one INSERT … SELECT;
 * applicants (form 01) and households the clerk adds with a reason join it afterwards. A household
 * already assessed for the year under the review's standard starts as surveyed.
 */
export async function openReview(ctx: ServiceContext, raw: { year: number }): Promise<Cycle> {
  const { year } = OpenReviewSchema.parse(raw)
  const office = await requireOffice(ctx)
  const standards = await effectiveStandards(ctx)
  const standard = reviewStandardOrRefuse(standards, year)
  const at = ctx.now().toISOString()
  const id = randomUUID()
  await ctx.store.db.transaction().execute(async (trx) => {
    if (await findCycle(trx, year)) throw new ApiError('CONFLICT', `Kỳ rà soát năm ${year} đã được mở.`, ['year'])
    const row = {
      id,
      office_id: office.id,
      year,
      standard_id: standard.id,
      opened_on: localToday(ctx.now()),
      state: 'open' as const,
      decision_number: null,
      decision_date: null,
      standard_reason: null,
      created_at: at,
      updated_at: at,
    }
    await trx.insertInto('review_cycles').values(row).execute()
    // One INSERT … SELECT: opening a 500,000-household register stays a single statement.
    // Case ids are UUID-shaped random values made by SQLite (v4 layout), so the statement needs no row loop.
    await sql`insert into review_cases (id, year, household_id, origin, stage, locked, reason, list_basis, created_at, updated_at)
      select lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
               substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
             ${year}, cur.id, 'register',
             case when exists (select 1 from household_assessments a
                               where a.household_id = cur.id and a.year = ${year} and a.standard_id = ${standard.id})
                  then 'surveyed' else 'listed' end,
             0, '', cur.cls, ${at}, ${at}
      from (select h.id,
                   (select a.classification from household_assessments a
                    where a.household_id = h.id and a.year <= ${year} order by a.year desc limit 1) as cls
            from households h
            where h.office_id = ${office.id}) cur
      where cur.cls in ('poor', 'near_poor')
        and not exists (select 1 from review_cases c where c.household_id = cur.id and c.year = ${year} and c.origin <> 'ongoing')`.execute(
      trx,
    )
    const listed = await trx
      .selectFrom('review_cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', year)
      .where('origin', '<>', 'ongoing')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, { entity: 'review_cycle', entityId: id, action: 'open', after: { ...row, households: Number(listed.n) } })
  })
  return toCycle((await findCycle(ctx.store.db, year))!, standards)
}
