import { sql, type Kysely } from 'kysely'

// Consolidation at the province (issue 7). Immutable once released: later changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The same person can be listed by two offices (a family that moved, a clerk's mistake); the
  // province must take both packages and list the pair, not refuse the second. Within one office
  // the register still refuses a citizen ID already in use: saveHousehold and the import check by
  // query before writing (tests/integration/households-citizen-id.test.ts). The index stays, plain,
  // for those checks and for the province's cross-office list.
  await db.schema.dropIndex('household_members_citizen_id').execute()
  await db.schema
    .createIndex('household_members_citizen_id')
    .on('household_members')
    .column('citizen_id')
    .where(sql.ref('citizen_id'), '<>', '')
    .execute()
}
