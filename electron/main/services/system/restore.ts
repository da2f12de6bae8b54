import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { KNOWN_MIGRATION_NAMES, LATEST_SCHEMA_VERSION } from '../../store/migrations'
import { publishFile, syncFolder } from '../files/atomic-save'
import { DatabaseInUseError, lockForRestore } from '../files/db-holders'
import { makeWorkDir, withWorkDir } from '../files/private-temp'
import { BackupFileError, extractBackupFile, type BackupManifest } from './backup-format'
import { integrityProblems, readFacts, type DbFacts } from './db-facts'
import { confirmsMismatch, officeMismatch } from './restore-office'

export interface RestorePreview {
  manifest: BackupManifest
  /** Read from the backup's database itself after decryption and integrity_check. */
  facts: DbFacts
  sha256: string
}

export interface RestoreResult extends RestorePreview {
  /** Where the database that was replaced now is (null when there was none). */
  keptAside: string | null
}

/** Why a restore was refused although the backup is sound; the message is for the clerk. */
export class RestoreRefusedError extends Error {
  readonly code: 'OTHER_OFFICE' | 'IN_USE'
  constructor(code: RestoreRefusedError['code'], message: string) {
    super(message)
    this.name = 'RestoreRefusedError'
    this.code = code
  }
}

export interface RestoreOptions {
  passphrase: string | null
  now: () => Date
  /** The SHA-256 of the database the clerk previewed; a backup changed since is refused. */
  expectSha256?: string
  /** Typed by the admin when the backup is another office's (or an office's over the province's): see restore-office.ts. */
  confirmOfficeCode?: string
}

/**
 * Shows what a backup holds without touching the current database: the database is extracted to a
 * temporary file in the private folder next to `dbPath` (decrypted and its tag checked: a decrypted
 * register never goes to the system's temp folder), opened read-only, checked with integrity_check,
 * and counted. A backup whose counts differ from its manifest, or that a newer app wrote, is refused.
 */
export async function inspectBackup(file: string, passphrase: string | null, dbPath: string): Promise<RestorePreview> {
  return withWorkDir(dbPath, 'xem-sao-luu', (work) => extractAndVerify(file, join(work, 'backup.sqlite'), passphrase))
}

/**
 * Replaces the database at `dbPath` with a backup. Refused, with nothing changed, when another
 * connection (this app elsewhere, the CLI, any SQLite tool) has the file open (RestoreRefusedError
 * IN_USE, naming it when it is ours) or when the backup is another office's and the admin did not
 * confirm its code (OTHER_OFFICE). The caller closes its own connection first (restoreIntoContext).
 *
 * Order matters for a crash at any moment:
 * 1. the database is locked for the restore (db-holders.ts: a marker, then SQLite's exclusive lock);
 * 2. the backup is extracted and verified in the private folder next to the database, and flushed;
 * 3. the current database is copied aside (`<db>.before-restore-<time>.bak`) and flushed;
 * 4. the lock's connection is closed (it folds the WAL in), and the WAL and shared-memory files are
 *    removed so they can never be replayed onto the restored file;
 * 5. the verified file is renamed over the database (atomic) and the folder flushed; the marker goes.
 * Killed before 5, the old database is still there (and copied aside); after 5, the new one is.
 * What a kill leaves in the private folder is removed the next time the database is opened.
 */
export async function restoreDatabase(dbPath: string, file: string, options: RestoreOptions): Promise<RestoreResult> {
  let lock: ReturnType<typeof lockForRestore>
  try {
    lock = lockForRestore(dbPath)
  } catch (e) {
    if (e instanceof DatabaseInUseError) throw new RestoreRefusedError('IN_USE', e.message)
    throw e
  }
  let work: string | null = null
  try {
    work = makeWorkDir(dbPath, 'khoi-phuc')
    const temp = join(work, 'restore.sqlite')
    const preview = await extractAndVerify(file, temp, options.passphrase)
    if (options.expectSha256 && preview.sha256 !== options.expectSha256) {
      throw new BackupFileError('DAMAGED', 'Tệp sao lưu đã thay đổi kể từ lúc xem trước. Hãy xem lại trước khi khôi phục.')
    }
    const mismatch = officeMismatch(lock.handle ? currentOffice(lock.handle) : null, preview.facts.office)
    if (mismatch && !confirmsMismatch(mismatch, options.confirmOfficeCode)) {
      throw new RestoreRefusedError(
        'OTHER_OFFICE',
        `${mismatch.message} Để vẫn khôi phục, hãy xác nhận bằng mã đơn vị ${mismatch.confirmCode}. Chưa có gì bị thay đổi.`,
      )
    }
    const keptAside = await keepAside(dbPath, options.now(), lock, work)
    lock.closeHandle()
    rmSync(`${dbPath}-wal`, { force: true })
    rmSync(`${dbPath}-shm`, { force: true })
    publishFile(temp, dbPath, { overwrite: true })
    return { ...preview, keptAside }
  } finally {
    if (work) rmSync(work, { recursive: true, force: true })
    lock.release()
  }
}

/** The office of the database being replaced; null when it has none or is too damaged to say. */
function currentOffice(handle: SqliteDatabase.Database): DbFacts['office'] {
  try {
    return readFacts(handle).office
  } catch {
    return null
  }
}

async function extractAndVerify(file: string, out: string, passphrase: string | null): Promise<RestorePreview> {
  const manifest = await extractBackupFile(file, out, passphrase)
  let handle: SqliteDatabase.Database
  try {
    handle = new SqliteDatabase(out, { readonly: true, fileMustExist: true })
  } catch {
    throw new BackupFileError('DAMAGED', 'Tệp sao lưu không chứa cơ sở dữ liệu đọc được.')
  }
  try {
    let facts: DbFacts
    let problems: string[]
    try {
      problems = integrityProblems(handle)
      facts = readFacts(handle)
    } catch {
      throw new BackupFileError('DAMAGED', 'Tệp sao lưu không chứa cơ sở dữ liệu đọc được.')
    }
    if (problems.length) throw new BackupFileError('DAMAGED', `Cơ sở dữ liệu trong bản sao lưu bị hỏng: ${problems[0]}`)
    const unknown = migrationsOf(handle).filter((m) => !KNOWN_MIGRATION_NAMES.has(m))
    if (facts.schemaVersion > LATEST_SCHEMA_VERSION || unknown.length) {
      throw new BackupFileError(
        'NEWER',
        `Bản sao lưu được tạo bởi phiên bản mới hơn của Sổ Giảm Nghèo (lược đồ ${facts.schemaVersion}). Hãy cập nhật ứng dụng trước khi khôi phục.`,
      )
    }
    const differs = Object.keys({ ...facts.counts, ...manifest.counts }).filter((t) => facts.counts[t] !== manifest.counts[t])
    if (differs.length) {
      throw new BackupFileError('DAMAGED', `Số bản ghi trong bản sao lưu không khớp phần mô tả (bảng ${differs.join(', ')}).`)
    }
    return { manifest, facts, sha256: manifest.payload.sha256 }
  } finally {
    handle.close()
  }
}

function migrationsOf(handle: SqliteDatabase.Database): string[] {
  if (!handle.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get()) return []
  return (handle.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
}

/**
 * Copies the current database aside before it is replaced. The SQLite backup API, through the
 * restore's own locked connection, gives one consistent file including whatever is still in the
 * WAL; if the current file is too damaged for that (often the very reason for restoring), its raw
 * bytes and its WAL are copied instead, after closing that connection (closing a descriptor of the
 * file would drop SQLite's POSIX locks anyway; the marker still keeps this app's openers out). The
 * copy is made in the work folder and renamed beside the database when complete, so a kill never
 * leaves a half copy under a name that looks like a kept database.
 */
async function keepAside(dbPath: string, now: Date, lock: ReturnType<typeof lockForRestore>, work: string): Promise<string | null> {
  if (!existsSync(dbPath)) return null
  const aside = `${dbPath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}.bak`
  const partial = join(work, 'truoc-khoi-phuc.sqlite')
  try {
    if (!lock.handle) throw new Error('no connection')
    await lock.handle.backup(partial)
  } catch {
    rmSync(partial, { force: true })
    lock.closeHandle()
    copyFileSync(dbPath, partial)
    if (existsSync(`${dbPath}-wal`)) {
      copyFileSync(`${dbPath}-wal`, join(work, 'truoc-khoi-phuc.sqlite-wal'))
      publishFile(join(work, 'truoc-khoi-phuc.sqlite-wal'), `${aside}-wal`)
    }
  }
  publishFile(partial, aside)
  syncFolder(dirname(aside))
  return aside
}
