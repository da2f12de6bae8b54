import { sql, type Kysely } from 'kysely'

// Unit codes unique per office ("nothing silently wrong": one office against another). Immutable once released.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Which office a unit belongs to: '' for this database's own units (every unit at an office); at
  // the province, the code of the office whose package brought it (derived on import, never taken
  // from a package). A code was unique in the whole file, so an office that declared another
  // office's commune code first made that office's next package fail with SQLite's bare message.
  await db.schema
    .alterTable('admin_units')
    .addColumn('office_code', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  // Units a province already holds from packages: their office is recorded in the row origins.
  await sql`update admin_units set office_code = coalesce(
      (select o.office_code from package_row_origin o where o.table_name = 'admin_units' and o.row_id = admin_units.id), '')`.execute(db)
  // Codes were unique in the whole file, so they are unique per office too: this cannot fail.
  await db.schema.dropIndex('admin_units_code').execute()
  await db.schema
    .createIndex('admin_units_office_code')
    .on('admin_units')
    .columns(['office_code', 'code'])
    .unique()
    .where(sql.ref('code'), '<>', '')
    .execute()
}
