import type { Kysely, Transaction } from 'kysely'
import { localToday } from '@shared/domain/deadline'
import type { PovertyStandard } from '@shared/standards/schema'
import type { Database } from '../../store/schema'
import type { ServiceContext } from '../context'
import { effectiveStandards, standardFor, standardOn } from '../households/standards'

type Db = Kysely<Database> | Transaction<Database>

/** The standard a review was opened under (kept on the cycle), or the data's standard for the year's review. */
export async function findStandardById(ctx: ServiceContext, id: string | null, year: number): Promise<PovertyStandard> {
  if (id) {
    const s = (await effectiveStandards(ctx)).find((x) => x.id === id)
    if (s) return s
  }
  return standardFor(ctx, year)
}

/**
 * The standard a case is classified under: the annual review's (kept on its cycle, moved only by
 * `review.restandard`); for an ongoing case, the one in force on the day (its decision follows
 * within the round; approving it under another standard is refused, see approval.ts).
 */
export async function caseStandard(ctx: ServiceContext, db: Db, c: { origin: string; year: number }): Promise<PovertyStandard> {
  if (c.origin === 'ongoing') return standardOn(ctx, localToday(ctx.now()), ['caseId'])
  const cycle = await db.selectFrom('review_cycles').select('standard_id').where('year', '=', c.year).executeTakeFirst()
  return findStandardById(ctx, cycle?.standard_id ?? null, c.year)
}
