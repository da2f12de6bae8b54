import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import { KNOWN_MIGRATION_NAMES, LATEST_SCHEMA_VERSION, migrationProvider } from './migrations'
import { StoreError } from './errors'
import type { Database } from './schema'

export interface Store {
  readonly db: Kysely<Database>
  /** The raw handle, for the bulk paths below and for pragmas; everything else goes through `db`. */
  readonly sqlite: SqliteDatabase.Database
  readonly path: string
  readonly schemaVersion: number
  /** Where the pre-migration copy went, when this open upgraded an older file. */
  readonly backupBeforeMigration: string | null
  close(): Promise<void>
}

export interface OpenOptions {
  /** Used to name the copy kept before a migration. */
  now?: () => Date
}

/**
 * Opens (or creates) the office database and brings its schema up to date.
 * - A file written by a newer version of the app is refused and left untouched: it is inspected
 *   through a read-only connection before anything writes to it.
 * - A file from an older version is copied aside (SQLite online backup) before migrating.
 * - `PRAGMA quick_check` runs on every open; a damaged file is refused with a way out.
 */
export async function openStore(path: string, options: OpenOptions = {}): Promise<Store> {
  const now = options.now ?? (() => new Date())
  let backupBeforeMigration: string | null = null

  if (existsSync(path)) {
    const found = await inspectReadOnly(path)
    if (found.version > 0 && found.version < LATEST_SCHEMA_VERSION) {
      backupBeforeMigration = `${path}.v${found.version}-${stamp(now())}.bak`
      await found.handle.backup(backupBeforeMigration)
    }
    found.handle.close()
  } else {
    mkdirSync(dirname(path), { recursive: true })
  }

  const sqlite = new SqliteDatabase(path)
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
  } catch (cause) {
    sqlite.close()
    throw new StoreError('DB_NOT_DATABASE', notDatabaseMessage(path), { cause })
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  // A migration that rebuilds an index over the whole register (0009) rereads evicted pages all
  // the time with the default 2 MB page cache; 64 MB while migrating, then back to the default.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number
  sqlite.pragma('cache_size = -65536')
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest()
  sqlite.pragma(`cache_size = ${cacheSize}`)
  if (error) {
    await db.destroy()
    const detail = error instanceof Error ? error.message : String(error)
    throw new StoreError(
      'DB_MIGRATION_FAILED',
      `Không nâng cấp được cơ sở dữ liệu ${path}: ${detail}. Tệp chưa bị thay đổi` +
        (backupBeforeMigration ? `; bản sao trước khi nâng cấp ở ${backupBeforeMigration}.` : '.'),
      { cause: error },
    )
  }

  return {
    db,
    sqlite,
    path,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    backupBeforeMigration,
    close: () => db.destroy(),
  }
}

interface Inspection {
  handle: SqliteDatabase.Database
  version: number
}

async function inspectReadOnly(path: string): Promise<Inspection> {
  let handle: SqliteDatabase.Database
  try {
    handle = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  } catch (cause) {
    throw new StoreError('DB_NOT_DATABASE', notDatabaseMessage(path), { cause })
  }
  try {
    let version: number
    try {
      version = handle.pragma('user_version', { simple: true }) as number
    } catch (cause) {
      throw new StoreError('DB_NOT_DATABASE', notDatabaseMessage(path), { cause })
    }
    const unknown = appliedMigrations(handle).filter((name) => !KNOWN_MIGRATION_NAMES.has(name))
    if (version > LATEST_SCHEMA_VERSION || unknown.length > 0) {
      throw new StoreError(
        'DB_NEWER',
        `Cơ sở dữ liệu ${path} được tạo bởi phiên bản mới hơn của Sổ Giảm Nghèo (lược đồ ${version}, ` +
          `phiên bản này chỉ hiểu đến ${LATEST_SCHEMA_VERSION}). Hãy cập nhật ứng dụng; tệp không bị thay đổi.`,
      )
    }
    const check = handle.pragma('quick_check', { simple: true })
    if (check !== 'ok') {
      throw new StoreError(
        'DB_CORRUPT',
        `Cơ sở dữ liệu ${path} bị hỏng (${String(check)}). Không mở để tránh mất thêm dữ liệu. ` +
          'Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu → Khôi phục, hoặc lệnh "so-giam-ngheo backup restore").',
      )
    }
    return { handle, version }
  } catch (e) {
    handle.close()
    if (e instanceof StoreError) throw e
    // SQLITE_NOTADB / SQLITE_CORRUPT surface on the first read of a page.
    throw new StoreError('DB_CORRUPT', `Không đọc được cơ sở dữ liệu ${path}: ${(e as Error).message}`, { cause: e })
  }
}

function appliedMigrations(handle: SqliteDatabase.Database): string[] {
  const table = handle.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
  if (!table) return []
  return (handle.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
}

function notDatabaseMessage(path: string): string {
  return `Tệp ${path} không phải là cơ sở dữ liệu của Sổ Giảm Nghèo (hoặc đã hỏng).`
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-')
}
