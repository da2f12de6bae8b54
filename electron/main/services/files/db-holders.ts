import { randomBytes } from 'node:crypto'
import { linkSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { ensurePrivateDir, ownerMayRun, PRIVATE_FILE_MODE, privateDirOf } from './private-temp'

/**
 * Who has a database open, and the lock a restore takes.
 *
 * SQLite's own locks say *whether* another connection has the file open: a connection in WAL mode
 * holds a shared lock for as long as it is open, so `locking_mode = EXCLUSIVE` + `BEGIN EXCLUSIVE`
 * succeeds only when no other connection (of any program, on Windows as on POSIX) has the file.
 * They cannot say *who*. For that every opener of the app and the CLI leaves a small registration
 * in the private folder (`<pid>-open-<random>.json`: pid, program, database, since) and removes it
 * on close; a killed process's registration is recognised by its pid (or a reboot since) and swept.
 *
 * A restore (1) writes a marker `restoring-<database>.json` (pid, program), (2) takes the SQLite
 * lock above and keeps it while it extracts, checks and copies the old file aside, (3) closes it,
 * renames the restored file over the database and (4) removes the marker. An opener registers,
 * opens, reads once (from then on its shared lock blocks step 2), and only then looks for a marker:
 * a restore is either refused because the opener holds the file, or the opener sees the marker and
 * gives up before writing anything. Without (4) in between, no write can go to the replaced file.
 */

let programName = `chương trình ${basename(process.argv[1] ?? process.execPath)}`

/** How this process is named to others (the app: "ứng dụng Sổ Giảm Nghèo", the CLI: its command). */
export function setProgramName(name: string): void {
  programName = name
}

interface HolderRecord {
  pid: number
  program: string
  db: string
  since: string
}

export interface Holder {
  pid: number
  program: string
  since: string
}

/** Compares database names the way the file system does on Windows and macOS (case-insensitively). */
function dbKey(dbPath: string): string {
  return basename(resolve(dbPath)).toLowerCase()
}

function record(dbPath: string): HolderRecord {
  return { pid: process.pid, program: programName, db: dbKey(dbPath), since: new Date().toISOString() }
}

/**
 * Registers this process as holding `dbPath` open; returns the function that unregisters it. Best
 * effort: on a read-only medium nothing is written (and nothing can be restored there either).
 */
export function registerHolder(dbPath: string): () => void {
  let file: string | null = null
  try {
    file = join(ensurePrivateDir(dbPath), `${process.pid}-open-${randomBytes(4).toString('hex')}.json`)
    writeFileSync(file, JSON.stringify(record(dbPath)), { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } catch {
    file = null
  }
  return () => {
    if (file) rmSync(file, { force: true })
    file = null
  }
}

function readRecord(path: string): HolderRecord | null {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<HolderRecord>
    if (typeof r.pid !== 'number' || typeof r.program !== 'string' || typeof r.db !== 'string') return null
    if (!ownerMayRun(r.pid, statSync(path).mtimeMs)) return null
    return { pid: r.pid, program: r.program, db: r.db, since: String(r.since ?? '') }
  } catch {
    return null
  }
}

/** The running processes registered as holding `dbPath` (this process included, when it does). */
export function holdersOf(dbPath: string): Holder[] {
  const dir = privateDirOf(dbPath)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const key = dbKey(dbPath)
  return names
    .filter((n) => /^\d+-open-[0-9a-f]+\.json$/.test(n))
    .map((n) => readRecord(join(dir, n)))
    .filter((r): r is HolderRecord => r !== null && r.db === key)
    .map(({ pid, program, since }) => ({ pid, program, since }))
}

function markerPath(dbPath: string): string {
  return join(privateDirOf(dbPath), `restoring-${dbKey(dbPath)}.json`)
}

/** The restore under way on `dbPath` (in a running process, this one included), if any. */
export function restoreUnderWay(dbPath: string): Holder | null {
  const r = readRecord(markerPath(dbPath))
  return r ? { pid: r.pid, program: r.program, since: r.since } : null
}

export function describeHolder(h: Holder): string {
  return `${h.program} (mã tiến trình ${h.pid}${h.pid === process.pid ? ', chính tiến trình này' : ''})`
}

/** Why a restore cannot take the database; the message is for the clerk. */
export class DatabaseInUseError extends Error {
  readonly holders: Holder[]
  constructor(message: string, holders: Holder[]) {
    super(message)
    this.name = 'DatabaseInUseError'
    this.holders = holders
  }
}

function inUseMessage(dbPath: string, holders: Holder[]): string {
  const who = holders.length
    ? holders.map(describeHolder).join('; ')
    : 'một chương trình khác (không rõ tên: có thể là một công cụ mở tệp SQLite)'
  return (
    `Không khôi phục được: cơ sở dữ liệu ${dbPath} đang được mở bởi ${who}. ` +
    'Hãy đóng chương trình đó (hoặc đợi lệnh chạy xong) rồi khôi phục lại. Chưa có gì bị thay đổi.'
  )
}

/** The lock a restore holds on the database it replaces. */
export interface RestoreLock {
  /** A connection holding SQLite's exclusive lock, or null when the file is too damaged for SQLite (or absent). */
  handle: SqliteDatabase.Database | null
  /** Closes the connection (before the file is renamed over: Windows cannot rename over an open file). */
  closeHandle(): void
  /** Removes the marker; call last, after the rename. */
  release(): void
}

/**
 * Takes the database for a restore: the marker first, then SQLite's exclusive lock. Throws
 * DatabaseInUseError, naming the registered holders, when any other connection has the file open
 * or another restore runs.
 */
export function lockForRestore(dbPath: string): RestoreLock {
  const marker = markerPath(dbPath)
  ensurePrivateDir(dbPath)
  const other = restoreUnderWay(dbPath)
  if (other) throw new DatabaseInUseError(`Đang có một lần khôi phục khác: ${describeHolder(other)}. Hãy đợi xong.`, [other])
  // A marker left by a killed restore (its owner is not running) is replaced.
  rmSync(marker, { force: true })
  try {
    writeMarker(marker, JSON.stringify(record(dbPath)))
  } catch {
    const now = restoreUnderWay(dbPath)
    throw new DatabaseInUseError(`Đang có một lần khôi phục khác${now ? `: ${describeHolder(now)}` : ''}. Hãy đợi xong.`, now ? [now] : [])
  }
  const release = () => rmSync(marker, { force: true })
  let handle: SqliteDatabase.Database | null = null
  try {
    handle = exclusiveHandle(dbPath)
  } catch (e) {
    release()
    throw e
  }
  return {
    handle,
    closeHandle() {
      handle?.close()
      handle = null
    },
    release() {
      handle?.close()
      handle = null
      release()
    },
  }
}

/**
 * Creates the marker whole or not at all: written under a name that starts with this process's id
 * (swept like any work file if the process dies), then hard-linked to the marker's name, which
 * fails if a marker exists, as the exclusive create did. Written in place, a restore killed between
 * creating the file and writing it left an empty marker that no start could read, so none swept it.
 * Where the file system has no hard links, the exclusive create is used.
 */
function writeMarker(marker: string, content: string): void {
  const temp = join(dirname(marker), `${process.pid}-marker-${randomBytes(4).toString('hex')}.tmp`)
  writeFileSync(temp, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  try {
    linkSync(temp, marker)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e
    writeFileSync(marker, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } finally {
    rmSync(temp, { force: true })
  }
}

function exclusiveHandle(dbPath: string): SqliteDatabase.Database | null {
  let handle: SqliteDatabase.Database
  try {
    handle = new SqliteDatabase(dbPath, { fileMustExist: true, timeout: 500 })
  } catch {
    // No file (restoring onto a new computer) or one SQLite cannot open at all: only registrations can tell.
    refuseIfRegistered(dbPath)
    return null
  }
  try {
    handle.pragma('locking_mode = EXCLUSIVE')
    handle.exec('BEGIN EXCLUSIVE')
    handle.exec('COMMIT')
    return handle
  } catch (e) {
    handle.close()
    const code = (e as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      const holders = holdersOf(dbPath)
      throw new DatabaseInUseError(inUseMessage(dbPath, holders), holders)
    }
    // A file too damaged to lock (often why it is restored): refuse only if a running program registered it.
    refuseIfRegistered(dbPath)
    return null
  }
}

function refuseIfRegistered(dbPath: string): void {
  const holders = holdersOf(dbPath)
  if (holders.length) throw new DatabaseInUseError(inUseMessage(dbPath, holders), holders)
}
