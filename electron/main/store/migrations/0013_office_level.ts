import { sql, type Kysely } from 'kysely'

// The office's level and the province's expected communes (issue 16). Immutable once released.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Commune, district or province (shared/domain/office-levels.ts). An existing database gets the
  // level its unit tree shows: the province mode is the province; an office with several communes
  // (or a district unit) was run as a district office; one with at most one commune is a commune
  // office, whose reports now have a row per village instead of a single row for the commune.
  await db.schema
    .alterTable('office')
    .addColumn('level', 'text', (c) =>
      c
        .notNull()
        .defaultTo('district')
        .check(sql`level in ('commune', 'district', 'province')`),
    )
    .execute()
  await sql`update office set level = case
      when mode = 'province' then 'province'
      when (select count(*) from admin_units where office_code = '' and kind = 'commune') <= 1
        and not exists (select 1 from admin_units where office_code = '' and kind = 'district') then 'commune'
      else 'district' end`.execute(db)

  // At the province: the communes (offices) it expects a package from, loaded from its list.
  await db.schema
    .createTable('expected_offices')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_folded', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}
