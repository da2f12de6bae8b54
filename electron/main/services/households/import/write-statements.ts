import { sql } from 'kysely'
import type { Store } from '../../../store/open'
import { prepareQuery } from '../../../store/prepared'

/**
 * The import's lookups, compiled once by Kysely from queries with placeholder values
 * (store/prepared.ts) and run per row on the raw handle. Every write goes through the household
 * writer (store/households.ts).
 */
export function statements(store: Store) {
  const db = store.db
  return {
    lastCode: prepareQuery(
      store,
      db.selectFrom('households').select('code').where('office_id', '=', '?').where('code', 'like', '?').orderBy('code', 'desc').limit(1),
    ),
    byCode: prepareQuery(store, db.selectFrom('households').select('id').where('office_id', '=', '?').where('code', '=', '?')),
    // The member alone: joining the household for its code made every probe, even a miss, 4× slower
    // (17 µs vs 4), a tenth of a large import's own time; the code is read only for a conflict.
    byCitizen: prepareQuery(
      store,
      db
        .selectFrom('household_members as m')
        .select('m.household_id')
        .where('m.citizen_id', '=', '?')
        // Restates the partial index's condition so SQLite may use it: without it every row scans all members.
        .where('m.citizen_id', '<>', sql.lit('')),
    ),
    codeOf: prepareQuery(store, db.selectFrom('households').select('code').where('id', '=', '?')).pluck(),
    getHousehold: prepareQuery(store, db.selectFrom('households').selectAll().where('id', '=', '?')),
    getMembers: prepareQuery(store, db.selectFrom('household_members').selectAll().where('household_id', '=', '?').orderBy('position')),
    getAssessment: prepareQuery(
      store,
      db.selectFrom('household_assessments').selectAll().where('household_id', '=', '?').where('year', '=', 0),
    ),
    previousClass: prepareQuery(
      store,
      db.selectFrom('household_assessments').select('classification').where('household_id', '=', '?').where('year', '=', 0),
    ),
  }
}
export type Statements = ReturnType<typeof statements>
