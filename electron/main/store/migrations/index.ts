import { sql, type Kysely } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001_foundation'

/**
 * The numbered migrations, in order. A static list rather than a folder scan, because the app is
 * bundled and has no migrations folder at run time. Append only; never edit a released one.
 */
const MIGRATIONS: readonly [string, Pick<Migration, 'up'>][] = [['0001_foundation', m0001]]

/** The schema version this build of the app writes: the number of the last migration. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
export const KNOWN_MIGRATION_NAMES: ReadonlySet<string> = new Set(MIGRATIONS.map(([name]) => name))

/**
 * Each migration also stamps `PRAGMA user_version` inside its own transaction, so the file says
 * which schema it holds even to a tool that knows nothing of Kysely.
 */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(
      MIGRATIONS.map(([name, m], i): [string, Migration] => [
        name,
        {
          async up(db: Kysely<unknown>) {
            await m.up(db)
            await sql.raw(`PRAGMA user_version = ${i + 1}`).execute(db)
          },
        },
      ]),
    )
  },
}
