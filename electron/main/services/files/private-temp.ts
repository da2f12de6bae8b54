import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir, uptime } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/**
 * The program's own temporary files (a decrypted backup being checked, the snapshot an encrypted
 * backup is made from, an .xls converted for an import, report workbooks for a package) live in one
 * private folder next to the database, never in the system's temp folder:
 * - it is as private as the database itself (0700; on Windows the data folder is in the user's
 *   profile, which other users cannot read), so a decrypted register never lands anywhere the
 *   plain register is not already;
 * - it is on the same disk as the database, so a restored file is renamed over it atomically;
 * - every entry starts with the pid of the process that made it, so what a killed process left is
 *   recognised and removed the next time any process opens the database (`sweepPrivateDir`), while
 *   a running process's files are kept.
 */
export const PRIVATE_DIR_NAME = '.sgn-tam'
/** Files the program writes: readable and writable by their owner only. */
export const PRIVATE_FILE_MODE = 0o600
const PRIVATE_DIR_MODE = 0o700

/** The private folder for the database at `dbPath` (not created). */
export function privateDirOf(dbPath: string): string {
  return join(dirname(resolve(dbPath)), PRIVATE_DIR_NAME)
}

/** Creates the private folder (and the database's folder) if needed and makes sure it is 0700. */
export function ensurePrivateDir(dbPath: string): string {
  return ensureDir(privateDirOf(dbPath))
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  // An existing folder keeps the mode it was made with; mkdir's mode is also cut by the umask.
  restrictMode(dir, PRIVATE_DIR_MODE)
  return dir
}

/** A fresh folder for one operation, inside the database's private folder, named `<pid>-<label>-XXXXXX` (0700). */
export function makeWorkDir(dbPath: string, label: string): string {
  return mkdtempSync(join(ensurePrivateDir(dbPath), `${process.pid}-${label}-`))
}

/** The same in the private folder of a data folder, for callers that know the folder, not the database (the app's print files). */
export function makeWorkDirIn(dataDir: string, label: string): string {
  return mkdtempSync(join(ensureDir(join(resolve(dataDir), PRIVATE_DIR_NAME)), `${process.pid}-${label}-`))
}

/** Runs `use` with a fresh work folder and removes the folder afterwards, whatever happens. */
export async function withWorkDir<T>(dbPath: string, label: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeWorkDir(dbPath, label)
  try {
    return await use(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Points this process's temp folder (os.tmpdir(): TMPDIR, and TMP/TEMP on Windows) at a work folder
 * in the private folder, for the libraries that write temporary files of their own: ExcelJS copies a
 * worksheet there while it reads a workbook (a whole commune list), headless Chromium keeps its
 * profile there. Removed on exit; a killed process's folder goes at the next start like any other.
 * Only for a process's entry point (the CLI, the app): never in tests or a library, where the folder
 * would outlive the database it belongs to. Returns the folder, or null when it cannot be made (a
 * read-only medium), in which case the system temp folder stays.
 */
export function usePrivateTempFolder(dbPath: string): string | null {
  let dir: string
  try {
    dir = makeWorkDir(dbPath, 'tam')
  } catch {
    return null
  }
  for (const key of ['TMPDIR', 'TMP', 'TEMP']) process.env[key] = dir
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * Makes a file the program wrote readable by its owner only (0600). The one place that sets the
 * mode of written files; where the file system has no modes (FAT on a USB stick) it does nothing.
 * On Windows Node's chmod only sets the read-only flag, so this leaves the folder's access list in
 * charge (the user's profile for the data folder).
 */
export function makePrivate(path: string): void {
  restrictMode(path, PRIVATE_FILE_MODE)
}

function restrictMode(path: string, mode: number): void {
  if (process.platform === 'win32') return
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode)
  } catch {
    // Not ours to change (a file owned by someone else, a file system without modes): leave it.
  }
}

/** True while a process with this pid runs (on Windows too: signal 0 only checks). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** When the machine started, so entries written before a reboot are known dead even if their pid was reused since. */
export function bootTimeMs(): number {
  return Date.now() - uptime() * 1000
}

/**
 * Whether the process that wrote an entry (pid, and when: the entry's mtime, which can only be later
 * than its creation) may still be running. A pid reused after a reboot is told apart by the time.
 */
export function ownerMayRun(pid: number, writtenAtMs: number): boolean {
  return writtenAtMs >= bootTimeMs() - 5_000 && processAlive(pid)
}

/** The pid an entry of the private folder belongs to: its name's prefix, or (markers) the pid it records. */
function entryPid(dir: string, name: string): number | null {
  const prefix = /^(\d+)-/.exec(name)
  if (prefix) return Number(prefix[1])
  if (name.endsWith('.json')) {
    try {
      const pid = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid?: unknown }).pid
      return typeof pid === 'number' ? pid : null
    } catch {
      return null
    }
  }
  return null
}

// Names older versions used in the system temp folder (mkdtemp adds six characters) and beside the database.
const LEGACY_TMP = /^sgn-(?:backup|restore|xls|bao-cao)-[A-Za-z0-9]{6}$/
const LEGACY_BESIDE_DB = /^\.restore-[0-9a-f]{8}\.tmp(?:-journal)?$/
const HOUR_MS = 3600_000

/**
 * Removes what processes that are no longer running left in the private folder of `dbPath` (work
 * folders, registrations, a restore marker), and what older versions left: `.restore-*.tmp` files
 * beside the database and `sgn-*` folders in the system temp folder (only those over an hour old, so
 * an older version still running is not disturbed). Returns what was removed. Never throws.
 */
export function sweepPrivateDir(dbPath: string): string[] {
  const removed: string[] = []
  const remove = (path: string) => {
    try {
      rmSync(path, { recursive: true, force: true })
      removed.push(path)
    } catch {
      // In use or not ours: the next start tries again.
    }
  }
  const dir = privateDirOf(dbPath)
  if (existsSync(dir)) {
    for (const name of safeList(dir)) {
      const path = join(dir, name)
      const pid = entryPid(dir, name)
      const mtime = safeMtime(path)
      if (pid === null || mtime === null) continue
      if (!ownerMayRun(pid, mtime)) remove(path)
    }
  }
  const old = Date.now() - HOUR_MS
  const dbDir = dirname(resolve(dbPath))
  for (const name of safeList(dbDir)) {
    if (LEGACY_BESIDE_DB.test(name) && (safeMtime(join(dbDir, name)) ?? Infinity) < old) remove(join(dbDir, name))
  }
  for (const name of safeList(tmpdir())) {
    if (LEGACY_TMP.test(name) && (safeMtime(join(tmpdir(), name)) ?? Infinity) < old) remove(join(tmpdir(), name))
  }
  return removed
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function safeMtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs
  } catch {
    return null
  }
}
