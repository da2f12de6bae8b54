import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import SqliteDatabase from 'better-sqlite3'
import { Kysely } from 'kysely'
import { StoreDialect } from './dialect'
import { Migrator } from 'kysely/migration'
import { describeHolder, registerHolder, restoreUnderWay } from '../services/files/db-holders'
import { makePrivate, makeWorkDir, sweepPrivateDir } from '../services/files/private-temp'
import { KNOWN_MIGRATION_NAMES, LATEST_SCHEMA_VERSION, migrationProvider } from './migrations'
import { StoreError, systemErrorKind } from './errors'
import { lastIntegrityCheck, recordCleanClose } from './integrity-record'
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
 * - What killed processes left in the private folder next to the database is removed first.
 * - An empty (0-byte) file or one that is not SQLite is refused like a damaged one: it is never
 *   turned into a new, empty register. A new database is made in the private folder and renamed
 *   into place, so a crash while creating one cannot leave an empty file under its name either.
 * - A file written by a newer version of the app is refused and left untouched: it is inspected
 *   through a read-only connection before anything writes to it.
 * - A sound file on a read-only medium or folder is refused as read-only, not as damaged.
 * - A file from an older version is copied aside (SQLite online backup) before migrating.
 * - `PRAGMA quick_check` runs when the file may have changed since this program last closed it
 *   cleanly, before a migration, and at least weekly (integrity-record.ts); a damaged file is
 *   refused with a way out.
 * - The process registers as holding the file (db-holders.ts) until `close`, and gives up if a
 *   restore of the file is under way in another process.
 * - The database and its -wal/-shm are made readable by their owner only (0600).
 */
export async function openStore(path: string, options: OpenOptions = {}): Promise<Store> {
  const now = options.now ?? (() => new Date())
  let backupBeforeMigration: string | null = null

  sweepPrivateDir(path)
  const openedAt = Date.now()
  const lastCheck = lastIntegrityCheck(path, openedAt)
  let checkedAt = lastCheck ?? openedAt
  const unregister = registerHolder(path)
  let sqlite: SqliteDatabase.Database | null = null
  try {
    if (existsSync(path)) {
      refuseIfEmpty(path)
      const found = await inspectReadOnly(path, lastCheck === null)
      if (found.checked) checkedAt = openedAt
      try {
        const readOnly = readOnlyReason(path)
        if (readOnly) throw new StoreError('DB_READ_ONLY', readOnlyMessage(path, readOnly, true))
        if (found.version > 0 && found.version < LATEST_SCHEMA_VERSION) {
          backupBeforeMigration = `${path}.v${found.version}-${stamp(now())}.bak`
          await copyBeforeMigration(found.handle, backupBeforeMigration)
        }
      } finally {
        found.handle.close()
      }
    } else {
      createDatabaseFile(path)
    }

    sqlite = new SqliteDatabase(path)
    try {
      sqlite.pragma('journal_mode = WAL')
      sqlite.pragma('synchronous = FULL')
      sqlite.pragma('foreign_keys = ON')
      sqlite.pragma('busy_timeout = 5000')
    } catch (cause) {
      throw openError(path, cause)
    }
    // Only now, with a read done (this connection's shared lock keeps a restore from starting), a
    // restore that started before it is looked for: writing to a file about to be replaced is lost.
    const restoring = restoreUnderWay(path)
    if (restoring) throw new StoreError('DB_BUSY', restoringMessage(path, describeHolder(restoring)))
    for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) makePrivate(file)
  } catch (e) {
    sqlite?.close()
    unregister()
    throw e
  }

  const db = new Kysely<Database>({ dialect: new StoreDialect(sqlite) })
  // A migration that rebuilds an index over the whole register (0009) rereads evicted pages all
  // the time with the default 2 MB page cache; 64 MB while migrating, then back to the default.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number
  sqlite.pragma('cache_size = -65536')
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest()
  sqlite.pragma(`cache_size = ${cacheSize}`)
  if (error) {
    await db.destroy()
    unregister()
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
    close: async () => {
      await db.destroy()
      recordCleanClose(path, checkedAt)
      unregister()
    },
  }
}

/**
 * SQLite takes an empty file for a new database and would make it one: an empty file is refused
 * here. (Any other file without SQLite's header is refused by SQLite itself, as SQLITE_NOTADB.) The
 * size is read with stat, not by opening the file: closing a descriptor of a file this process has
 * open through SQLite would drop SQLite's POSIX locks on it.
 */
function refuseIfEmpty(path: string): void {
  if (statSync(path).size === 0) throw new StoreError('DB_CORRUPT', emptyMessage(path))
}

/** The pre-migration copy, made in the private folder and renamed beside the database when complete (0600). */
async function copyBeforeMigration(handle: SqliteDatabase.Database, dest: string): Promise<void> {
  const work = makeWorkDir(dest, 'nang-cap')
  try {
    const partial = join(work, 'truoc-nang-cap.sqlite')
    await handle.backup(partial)
    makePrivate(partial)
    renameSync(partial, dest)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Creates an empty WAL database in the private folder and renames it into place. */
function createDatabaseFile(path: string): void {
  let work: string
  try {
    work = makeWorkDir(path, 'moi')
  } catch (cause) {
    if (isReadOnlyFsError(cause)) throw new StoreError('DB_READ_ONLY', readOnlyMessage(path, 'folder', false), { cause })
    throw cause
  }
  try {
    const fresh = join(work, 'moi.sqlite')
    const handle = new SqliteDatabase(fresh)
    try {
      makePrivate(fresh)
      handle.pragma('journal_mode = WAL') // writes the header: the file is never empty from here on
    } finally {
      handle.close()
    }
    // Another process may have created it meanwhile: theirs is kept.
    if (!existsSync(path)) renameSync(fresh, path)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** 'file' or 'folder' when this process cannot write the database or the folder its -wal/-shm go in. */
function readOnlyReason(path: string): 'file' | 'folder' | null {
  // The folder first: a write-protected medium is the usual case, and there the folder is the reason.
  for (const [target, reason] of [
    [dirname(path), 'folder'],
    [path, 'file'],
  ] as const) {
    try {
      accessSync(target, constants.W_OK)
    } catch (e) {
      if (isReadOnlyFsError(e)) return reason
    }
  }
  return null
}

function isReadOnlyFsError(e: unknown): boolean {
  const kind = systemErrorKind(e)
  return kind === 'read_only' || kind === 'no_access'
}

function isBusy(e: unknown): boolean {
  return systemErrorKind(e) === 'busy'
}

/** What went wrong opening a file that passed the read-only inspection: busy, read-only, or not a database after all. */
function openError(path: string, cause: unknown): StoreError {
  if (isBusy(cause)) return busyError(path, cause)
  const readOnly = readOnlyReason(path)
  if (readOnly || isReadOnlyFsError(cause))
    return new StoreError('DB_READ_ONLY', readOnlyMessage(path, readOnly ?? 'file', true), { cause })
  return new StoreError('DB_NOT_DATABASE', notDatabaseMessage(path), { cause })
}

function busyError(path: string, cause: unknown): StoreError {
  const restoring = restoreUnderWay(path)
  if (restoring) return new StoreError('DB_BUSY', restoringMessage(path, describeHolder(restoring)), { cause })
  return new StoreError(
    'DB_BUSY',
    `Cơ sở dữ liệu ${path} đang bị một chương trình khác khóa (không phải Sổ Giảm Nghèo đang dùng bình thường). ` +
      'Hãy đóng chương trình đó rồi mở lại. Tệp không bị thay đổi.',
    { cause },
  )
}

function restoringMessage(path: string, who: string): string {
  return `Cơ sở dữ liệu ${path} đang được khôi phục từ bản sao lưu bởi ${who}. Hãy đợi khôi phục xong rồi mở lại.`
}

function readOnlyMessage(path: string, reason: 'file' | 'folder', readable: boolean): string {
  const where = reason === 'file' ? 'Tệp' : 'Thư mục chứa tệp'
  return (
    `Không mở được cơ sở dữ liệu ${path} để ghi: ${where} ở chế độ chỉ đọc (ổ USB đang gạt khóa chống ghi, ` +
    'đĩa CD, thư mục mạng chỉ cho đọc, hoặc tài khoản này không có quyền ghi). ' +
    (readable
      ? 'Tệp vẫn đọc được và nguyên vẹn: không cần khôi phục. '
      : 'Sổ Giảm Nghèo cần ghi được ở thư mục của tệp, kể cả chỉ để đọc sổ; đây không phải là lý do để khôi phục. ') +
    'Hãy chép tệp sang ổ ghi được (hoặc bỏ khóa chống ghi, cấp quyền ghi) rồi mở lại.'
  )
}

function emptyMessage(path: string): string {
  return (
    `Tệp cơ sở dữ liệu ${path} rỗng (0 byte): không còn dữ liệu nào trong đó (thường do bị ngắt khi đang ghi hoặc chép tệp chưa xong). ` +
    'Không mở để không biến nó thành một sổ trống. Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu → Khôi phục, ' +
    'hoặc lệnh "so-giam-ngheo backup restore"); nếu đây là lần cài đặt đầu tiên bị ngắt, hãy xóa tệp rồi mở lại.'
  )
}

interface Inspection {
  handle: SqliteDatabase.Database
  version: number
  /** Whether quick_check ran (and passed). */
  checked: boolean
}

async function inspectReadOnly(path: string, check: boolean): Promise<Inspection> {
  let handle: SqliteDatabase.Database
  try {
    handle = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  } catch (cause) {
    throw unreadable(path, cause)
  }
  try {
    let version: number
    try {
      version = handle.pragma('user_version', { simple: true }) as number
    } catch (cause) {
      throw unreadable(path, cause)
    }
    const unknown = appliedMigrations(handle).filter((name) => !KNOWN_MIGRATION_NAMES.has(name))
    if (version > LATEST_SCHEMA_VERSION || unknown.length > 0) {
      throw new StoreError(
        'DB_NEWER',
        `Cơ sở dữ liệu ${path} được tạo bởi phiên bản mới hơn của Sổ Giảm Nghèo (lược đồ ${version}, ` +
          `phiên bản này chỉ hiểu đến ${LATEST_SCHEMA_VERSION}). Hãy cập nhật ứng dụng; tệp không bị thay đổi.`,
      )
    }
    // Checked when it may have changed since a clean close, and always before a migration.
    if (check || version < LATEST_SCHEMA_VERSION) quickCheck(handle, path)
    return { handle, version, checked: check || version < LATEST_SCHEMA_VERSION }
  } catch (e) {
    handle.close()
    if (e instanceof StoreError) throw e
    if (isBusy(e)) throw busyError(path, e)
    // SQLITE_NOTADB / SQLITE_CORRUPT surface on the first read of a page.
    throw new StoreError('DB_CORRUPT', `Không đọc được cơ sở dữ liệu ${path}: ${(e as Error).message}`, { cause: e })
  }
}

function quickCheck(handle: SqliteDatabase.Database, path: string): void {
  const checkStart = performance.now()
  const check = handle.pragma('quick_check', { simple: true })
  // For the benchmarks: opening a large register is mostly this check (tests/helpers/measured-cli.ts reads it).
  performance.clearMeasures('sgn:quick-check')
  performance.measure('sgn:quick-check', { start: checkStart })
  if (check !== 'ok') {
    throw new StoreError(
      'DB_CORRUPT',
      `Cơ sở dữ liệu ${path} bị hỏng (${String(check)}). Không mở để tránh mất thêm dữ liệu. ` +
        'Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu → Khôi phục, hoặc lệnh "so-giam-ngheo backup restore").',
    )
  }
}

function appliedMigrations(handle: SqliteDatabase.Database): string[] {
  const table = handle.prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
  if (!table) return []
  return (handle.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
}

/** A file the read-only inspection could not read: locked, on a medium that does not let SQLite read it, or not a database. */
function unreadable(path: string, cause: unknown): StoreError {
  if (isBusy(cause)) return busyError(path, cause)
  const readOnly = readOnlyReason(path)
  if (readOnly && isReadOnlyCantRead(cause)) return new StoreError('DB_READ_ONLY', readOnlyMessage(path, readOnly, false), { cause })
  return new StoreError('DB_NOT_DATABASE', notDatabaseMessage(path), { cause })
}

/** SQLite could not read a WAL database because it cannot create its -shm/-wal there (not a sign of damage). */
function isReadOnlyCantRead(e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))
}

function notDatabaseMessage(path: string): string {
  return (
    `Tệp ${path} không phải là cơ sở dữ liệu của Sổ Giảm Nghèo (hoặc đã hỏng). Không mở để tránh mất thêm dữ liệu. ` +
    'Hãy kiểm tra đã chọn đúng tệp, hoặc khôi phục từ bản sao lưu gần nhất.'
  )
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-')
}
