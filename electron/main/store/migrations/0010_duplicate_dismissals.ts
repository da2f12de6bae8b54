import { type Kysely } from 'kysely'

// Possible duplicates the clerk has checked and found to be different families (issue 3). Immutable once released.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A dismissal holds for exactly the households it names: when another household joins the
  // group (a third "Nguyễn Văn An" born the same day), the group is shown again.
  await db.schema
    .createTable('household_duplicate_dismissals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('match_key', 'text', (c) => c.notNull())
    // The households' ids, sorted and joined by commas.
    .addColumn('household_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('household_duplicate_dismissals_group', ['reason', 'match_key', 'household_ids'])
    .execute()
}
