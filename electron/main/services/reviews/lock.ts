import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { formatDate } from '@shared/text/format'
import type { Database } from '../../store/schema'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Approved results are locked: nothing may change a household's assessment for a year whose result
 * the commune chair recognised until an approver reopens it with a reason. The households service
 * calls this too (its save and import), so the register's form cannot go around the review.
 */
export async function assertResultEditable(db: Db, householdId: string, year: number, path: (string | number)[] = []): Promise<void> {
  const locked = await db
    .selectFrom('review_cases')
    .select(['decision_number', 'decision_date'])
    .where('household_id', '=', householdId)
    .where('year', '=', year)
    .where('locked', '=', 1)
    .executeTakeFirst()
  if (locked) {
    const by = locked.decision_number ? ` theo Quyết định số ${locked.decision_number} ngày ${formatDate(locked.decision_date ?? '')}` : ''
    throw new ApiError(
      'BAD_INPUT',
      `Kết quả rà soát năm ${year} của hộ đã được phê duyệt${by} và đã khóa. Người phê duyệt cần mở lại hộ này (nêu lý do điều chỉnh) trước khi sửa.`,
      path,
    )
  }
}

/** Years of the given list of households whose results are locked (for bulk writers such as the import). */
export async function lockedHouseholds(db: Db, year: number): Promise<Set<string>> {
  const rows = await db.selectFrom('review_cases').select('household_id').where('year', '=', year).where('locked', '=', 1).execute()
  return new Set(rows.map((r) => r.household_id))
}
