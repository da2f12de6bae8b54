import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ensurePrivateDir, privateDirOf, PRIVATE_FILE_MODE } from '../services/files/private-temp'

/**
 * When the register's integrity check (`PRAGMA quick_check`, store/open.ts) must run at open.
 * The check reads every page: 0.7 s for a 360 MB register in the OS cache, 126 s for a 2.2 GB one
 * that is not, which every start of the window and every command paid. It now runs when the file
 * may have changed since this program last closed it cleanly, and at least every
 * INTEGRITY_RECHECK_MS: the close records the file's identity (inode, size, modification time)
 * and when it was last checked; an open that finds the same file, no write-ahead log left over,
 * and a recent check skips it. A crash (the record is not rewritten, and the file or its log has
 * changed), a copy or restore over it, a truncation, an edit by another tool: each changes what
 * the record names, and the check runs. Damage the file system does not show in these (a bad
 * sector) is found by the periodic check, or by SQLite itself (SQLITE_CORRUPT) on the page.
 */
export const INTEGRITY_RECHECK_MS = 7 * 24 * 60 * 60 * 1000

interface IntegrityRecord {
  ino: number
  size: number
  mtimeMs: number
  checkedAt: number
}

/** Not `.json`: the private folder's sweep reads `.json` files as holders (files/db-holders.ts). */
const recordPath = (dbPath: string) => join(privateDirOf(dbPath), `integrity-${basename(dbPath)}.rec`)

function identity(dbPath: string): Omit<IntegrityRecord, 'checkedAt'> | null {
  try {
    const s = statSync(dbPath)
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return null
  }
}

function hasLeftoverLog(dbPath: string): boolean {
  try {
    return statSync(`${dbPath}-wal`).size > 0
  } catch {
    return false
  }
}

/**
 * When the last check of this very file happened, if opening it now may skip the check; null
 * when the check must run.
 */
export function lastIntegrityCheck(dbPath: string, now: number): number | null {
  let record: IntegrityRecord
  try {
    record = JSON.parse(readFileSync(recordPath(dbPath), 'utf8')) as IntegrityRecord
  } catch {
    return null
  }
  const current = identity(dbPath)
  if (!current || hasLeftoverLog(dbPath)) return null
  if (current.ino !== record.ino || current.size !== record.size || current.mtimeMs !== record.mtimeMs) return null
  if (!(now - record.checkedAt >= 0 && now - record.checkedAt < INTEGRITY_RECHECK_MS)) return null
  return record.checkedAt
}

/** After a clean close: the file as it is now, and when it was last checked. */
export function recordCleanClose(dbPath: string, checkedAt: number): void {
  const current = identity(dbPath)
  // A log left behind (another connection still open) means the file is not settled: no record.
  if (!current || hasLeftoverLog(dbPath)) return forgetIntegrityCheck(dbPath)
  try {
    ensurePrivateDir(dbPath)
    const path = recordPath(dbPath)
    // Named by pid: a temporary file a killed process left is removed by the next start's sweep.
    const temp = join(privateDirOf(dbPath), `${process.pid}-integrity-${basename(dbPath)}.tmp`)
    writeFileSync(temp, JSON.stringify({ ...current, checkedAt } satisfies IntegrityRecord), { mode: PRIVATE_FILE_MODE })
    renameSync(temp, path)
  } catch {
    // No record: the next open checks the file, which is the safe side.
  }
}

/** The next open checks the file (a restore replaced it, or it is not settled). */
export function forgetIntegrityCheck(dbPath: string): void {
  const path = recordPath(dbPath)
  if (existsSync(path)) rmSync(path, { force: true })
}
