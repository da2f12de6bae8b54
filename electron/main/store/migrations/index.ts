import { sql, type Kysely } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001_foundation'
import * as m0002 from './0002_households'
import * as m0003 from './0003_plans'
import * as m0004 from './0004_packages'
import * as m0005 from './0005_system'
import * as m0006 from './0006_reviews'
import * as m0007 from './0007_users'
import * as m0008 from './0008_consolidation'
import * as m0009 from './0009_search_terms'
import * as m0010 from './0010_duplicate_dismissals'
import * as m0011 from './0011_review_standards'
import * as m0012 from './0012_unit_codes_per_office'
import * as m0013 from './0013_office_level'
import * as m0014 from './0014_signing_tokens_and_cas'

/**
 * The numbered migrations, in order. A static list rather than a folder scan, because the app is
 * bundled and has no migrations folder at run time. Append only; never edit a released one.
 */
const MIGRATIONS: readonly [string, Pick<Migration, 'up'>][] = [
  ['0001_foundation', m0001],
  ['0002_households', m0002],
  ['0003_plans', m0003],
  ['0004_packages', m0004],
  ['0005_system', m0005],
  ['0006_reviews', m0006],
  ['0007_users', m0007],
  ['0008_consolidation', m0008],
  ['0009_search_terms', m0009],
  ['0010_duplicate_dismissals', m0010],
  ['0011_review_standards', m0011],
  ['0012_unit_codes_per_office', m0012],
  ['0013_office_level', m0013],
  ['0014_signing_tokens_and_cas', m0014],
]

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
