import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { KNOWN_MIGRATION_NAMES, LATEST_SCHEMA_VERSION } from '../../store/migrations'
import { integrityProblems, readFacts, type DbFacts } from './db-facts'

export interface CheckReport {
  ok: boolean
  integrity: string[]
  /** Rows pointing at a missing row; null when it could not be known (the file is damaged). */
  foreignKeys: number | null
  schemaVersion: number
  appSchemaVersion: number
  /** 'current', 'older' (will be upgraded on next open), 'newer' (this app refuses it) */
  schemaState: 'current' | 'older' | 'newer'
  unknownMigrations: string[]
  journalMode: string
  facts: DbFacts
  /** Copies kept by upgrades and restores, next to the database. */
  keptCopies: string[]
}

/**
 * Full check of a database file without changing it: read-only connection, `integrity_check`
 * (every page, unlike the quick_check run on each open), foreign keys, schema against this app.
 */
export function checkDatabase(path: string): CheckReport {
  if (!existsSync(path)) throw new Error(`Không có cơ sở dữ liệu ${path}.`)
  // SQLite reads an empty file as an empty database that passes every check: it is a lost register.
  if (statSync(path).size === 0) return unreadable('Tệp rỗng (0 byte): không còn dữ liệu nào, hãy khôi phục từ bản sao lưu.')
  const handle = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  try {
    return inspect(path, handle)
  } catch (e) {
    // Too damaged to read the schema or count rows: still a report, not a crash.
    return unreadable(`Không đọc được cơ sở dữ liệu: ${(e as Error).message}`)
  } finally {
    handle.close()
  }
}

function unreadable(problem: string): CheckReport {
  return {
    ok: false,
    integrity: [problem],
    foreignKeys: null,
    schemaVersion: 0,
    appSchemaVersion: LATEST_SCHEMA_VERSION,
    schemaState: 'current',
    unknownMigrations: [],
    journalMode: 'unknown',
    facts: { schemaVersion: 0, office: null, counts: {} },
    keptCopies: [],
  }
}

function inspect(path: string, handle: SqliteDatabase.Database): CheckReport {
  const integrity = integrityProblems(handle, 100)
  // On damaged pages foreign_key_check sees only what it can read: its count would say "fine".
  const foreignKeys = integrity.length ? null : (handle.pragma('foreign_key_check') as unknown[]).length
  const facts = readFacts(handle)
  const migrations = handle.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
    ? (handle.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
    : []
  const unknownMigrations = migrations.filter((m) => !KNOWN_MIGRATION_NAMES.has(m))
  const schemaState =
    facts.schemaVersion > LATEST_SCHEMA_VERSION || unknownMigrations.length
      ? 'newer'
      : facts.schemaVersion < LATEST_SCHEMA_VERSION
        ? 'older'
        : 'current'
  const prefix = `${basename(path)}.`
  const keptCopies = readdirSync(dirname(path))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.bak'))
    .sort()
  return {
    ok: integrity.length === 0 && foreignKeys === 0 && schemaState !== 'newer',
    integrity,
    foreignKeys,
    schemaVersion: facts.schemaVersion,
    appSchemaVersion: LATEST_SCHEMA_VERSION,
    schemaState,
    unknownMigrations,
    journalMode: String(handle.pragma('journal_mode', { simple: true })),
    facts,
    keptCopies,
  }
}
