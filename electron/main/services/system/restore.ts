import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { KNOWN_MIGRATION_NAMES, LATEST_SCHEMA_VERSION } from '../../store/migrations'
import { commitFile, fsyncDir } from './atomic-file'
import { BackupFileError, extractBackupFile, type BackupManifest } from './backup-format'
import { integrityProblems, readFacts, type DbFacts } from './db-facts'

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

/**
 * Shows what a backup holds without touching the current database: the database is extracted to a
 * temporary file (decrypted and its tag checked), opened read-only, checked with integrity_check,
 * and counted. A backup whose counts differ from its manifest, or that a newer app wrote, is refused.
 */
export async function inspectBackup(file: string, passphrase: string | null): Promise<RestorePreview> {
  const work = mkdtempSync(join(tmpdir(), 'sgn-restore-'))
  try {
    return await extractAndVerify(file, join(work, 'backup.sqlite'), passphrase)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * Replaces the database at `dbPath` with a backup. The caller must have closed every connection it
 * holds to `dbPath` (the app closes its store first and reopens after; see restoreIntoContext).
 *
 * Order matters for a crash at any moment:
 * 1. the backup is extracted and verified next to the database, under a temporary name, and flushed;
 * 2. the current database is copied aside (`<db>.before-restore-<time>.bak`) and flushed;
 * 3. its WAL and shared-memory files, already folded into it and into the copy, are removed so they
 *    can never be replayed onto the restored file;
 * 4. the verified file is renamed over the database (atomic) and the folder flushed.
 * Killed before 4, the old database is still there (and copied aside); after 4, the new one is.
 */
export async function restoreDatabase(
  dbPath: string,
  file: string,
  options: { passphrase: string | null; now: () => Date; expectSha256?: string },
): Promise<RestoreResult> {
  const temp = join(dirname(dbPath), `.restore-${randomBytes(4).toString('hex')}.tmp`)
  try {
    const preview = await extractAndVerify(file, temp, options.passphrase)
    if (options.expectSha256 && preview.sha256 !== options.expectSha256) {
      throw new BackupFileError('DAMAGED', 'Tệp sao lưu đã thay đổi kể từ lúc xem trước. Hãy xem lại trước khi khôi phục.')
    }
    const keptAside = await keepAside(dbPath, options.now())
    rmSync(`${dbPath}-wal`, { force: true })
    rmSync(`${dbPath}-shm`, { force: true })
    await commitFile(temp, dbPath)
    return { ...preview, keptAside }
  } finally {
    rmSync(temp, { force: true })
    rmSync(`${temp}-journal`, { force: true })
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
 * Copies the current database aside before it is replaced. The SQLite backup API gives one
 * consistent file including whatever is still in the WAL; if the current file is too damaged for
 * that (often the very reason for restoring), its raw bytes and its WAL are copied instead.
 */
async function keepAside(dbPath: string, now: Date): Promise<string | null> {
  if (!existsSync(dbPath)) return null
  const aside = `${dbPath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}.bak`
  const partial = `${aside}.partial`
  try {
    const handle = new SqliteDatabase(dbPath, { readonly: true, fileMustExist: true })
    try {
      await handle.backup(partial)
    } finally {
      handle.close()
    }
  } catch {
    rmSync(partial, { force: true })
    copyFileSync(dbPath, partial)
    if (existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${aside}-wal`)
  }
  await commitFile(partial, aside)
  fsyncDir(dirname(aside))
  return aside
}
