import type { Kysely } from 'kysely'

// The system domain's tables. Backup settings live in the foundation's `settings` table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('system_selftest')
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('system_selftest_pk', ['batch_id', 'seq'])
    .execute()
}
