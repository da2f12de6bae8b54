import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { sql } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { localToday } from '@shared/domain/deadline'
import { OpenReviewSchema, type Cycle } from '@shared/domain/reviews'
import { standardForYear } from '@shared/standards'
import type { Database } from '../../store/schema'
import type { ReviewCycleTable } from '../../store/tables/reviews'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { effectiveStandards } from '../households/standards'
import { requireOffice } from '../office'

type Db = Kysely<Database> | Transaction<Database>

export function toCycle(r: Selectable<ReviewCycleTable>, standardName: string): Cycle {
  return {
    id: r.id,
    year: r.year,
    standardId: r.standard_id,
    standardName,
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
  return rows.map((r) => toCycle(r, standards.find((s) => s.id === r.standard_id)?.name ?? r.standard_id))
}

/**
 * Opens the year's review under the standard in force that year. The list to review is the whole
 * register at that moment (one case per household); applicants (form 01) are added afterwards. A
 * household already assessed for the year (entered in the register or imported) starts as surveyed.
 */
export async function openReview(ctx: ServiceContext, raw: { year: number }): Promise<Cycle> {
  const { year } = OpenReviewSchema.parse(raw)
  const office = await requireOffice(ctx)
  const standards = await effectiveStandards(ctx)
  const standard = standardForYear(standards, year)
  if (!standard) {
    const periods = standards.map((s) => `${s.fromYear}–${s.toYear}`).join(', ')
    throw new ApiError(
      'BAD_INPUT',
      `Chưa có chuẩn nghèo nào áp dụng cho năm ${year} (các chuẩn hiện có: ${periods}), nên chưa thể mở kỳ rà soát năm ${year}.`,
      ['year'],
    )
  }
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
      created_at: at,
      updated_at: at,
    }
    await trx.insertInto('review_cycles').values(row).execute()
    // One INSERT … SELECT: opening a 500,000-household register stays a single statement.
    // Case ids are UUID-shaped random values made by SQLite (v4 layout), so the statement needs no row loop.
    await sql`insert into review_cases (id, year, household_id, origin, stage, locked, reason, created_at, updated_at)
      select lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
               substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
             ${year}, h.id, 'register',
             case when exists (select 1 from household_assessments a where a.household_id = h.id and a.year = ${year}) then 'surveyed' else 'listed' end,
             0, '', ${at}, ${at}
      from households h
      where h.office_id = ${office.id}
        and not exists (select 1 from review_cases c where c.household_id = h.id and c.year = ${year} and c.origin <> 'ongoing')`.execute(
      trx,
    )
    const listed = await trx
      .selectFrom('review_cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', year)
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, { entity: 'review_cycle', entityId: id, action: 'open', after: { ...row, households: Number(listed.n) } })
  })
  return toCycle((await findCycle(ctx.store.db, year))!, standard.name)
}
