import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { BACKUP_ID_PATTERN } from '@shared/contract/system'
import type { Store } from '../../store/open'
import { saveFileStreamed } from '../files/atomic-save'
import { makeFolders } from '../files/folders'
import { makeWorkDir } from '../files/private-temp'
import { BACKUP_EXTENSION, readBackupManifest, writeBackupFile, type BackupManifest } from './backup-format'
import { snapshotStore } from './snapshot'

export const DEFAULT_KEEP = 10

export interface CreateBackupOptions {
  /** The folder the clerk chose (often a USB stick). Created if missing. */
  dir: string
  /** Encrypts the backup when given. */
  passphrase: string | null
  /** How many backups of this office to keep in the folder; older ones are deleted after a good new one. */
  keep?: number
  now: () => Date
  appVersion: string
}

export interface BackupEntry {
  /** The file name inside the backup folder; it is also how the UI names a backup (never a path). */
  id: string
  path: string
  bytes: number
  manifest: BackupManifest
}

/** Backups are named by office and UTC time so that names sort by age and never collide across offices. */
const NAME = /^sgn-([A-Za-z0-9._-]+)-(\d{8}-\d{6}-\d{3})Z(?:-\d+)?\.sgnbak$/

export function isBackupName(name: string): boolean {
  return NAME.test(name) && BACKUP_ID_PATTERN.test(name)
}

function officeSlug(office: { code: string } | null): string {
  const code = office?.code.replace(/[^A-Za-z0-9._-]/g, '_') ?? ''
  return code || 'chua-thiet-lap'
}

function stamp(d: Date): string {
  const iso = d.toISOString() // 2026-09-01T08:00:00.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`
}

/**
 * Takes a backup of the open database: an online snapshot (in the private folder next to the
 * database, never the system's temp folder: for an encrypted backup it is the plain register),
 * checked, written to the folder under a temporary name and renamed only when complete and flushed. Then keeps the newest `keep` backups
 * of this office in that folder. Nothing in the database changes.
 */
export async function createBackup(store: Store, options: CreateBackupOptions): Promise<BackupEntry & { removed: string[] }> {
  const keep = options.keep ?? DEFAULT_KEEP
  makeFolders(options.dir)
  const work = makeWorkDir(store.path, 'sao-luu')
  try {
    const snapshot = join(work, 'snapshot.sqlite')
    const createdAt = options.now()
    const facts = await snapshotStore(store, snapshot)
    const base = `sgn-${officeSlug(facts.office)}-${stamp(createdAt)}Z`
    let name = `${base}${BACKUP_EXTENSION}`
    for (let n = 2; existsSync(join(options.dir, name)); n++) name = `${base}-${n}${BACKUP_EXTENSION}`
    const path = join(options.dir, name)
    let manifest: BackupManifest | undefined
    // A new name every time (above): a backup never replaces another.
    await saveFileStreamed(path, async (file) => {
      manifest = await writeBackupFile(
        snapshot,
        file.stream(),
        {
          createdAt: createdAt.toISOString(),
          appVersion: options.appVersion,
          schemaVersion: facts.schemaVersion,
          office: facts.office,
          counts: facts.counts,
        },
        options.passphrase,
      )
      // Read back what was written before it gets its final name: a full stick or a bad sector shows up here.
      await readBackupManifest(file.tempPath)
    })
    const removed = rotateBackups(options.dir, officeSlug(facts.office), keep, name)
    return { id: name, path, bytes: statSync(path).size, manifest: manifest!, removed }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Deletes all but the newest `keep` backups of one office, and `.partial` leftovers over an hour old. */
export function rotateBackups(dir: string, slug: string, keep: number, justWritten: string): string[] {
  const names = readdirSync(dir)
  const mine = names
    .filter((n) => NAME.exec(n)?.[1] === slug)
    .sort()
    .reverse()
  // Whatever the clock says, the backup just written is never the one rotated away.
  const doomed = mine.filter((n) => n !== justWritten).slice(Math.max(0, keep - 1))
  for (const n of doomed) rmSync(join(dir, n), { force: true })
  const hourAgo = Date.now() - 3600_000
  for (const n of names) {
    // The one atomic save's temporary files of this office's backups (`.<name>.<random>.partial`).
    if (n.startsWith(`.sgn-${slug}-`) && n.endsWith('.partial')) {
      const p = join(dir, n)
      if (statSync(p).mtimeMs < hourAgo) rmSync(p, { force: true })
    }
  }
  return doomed
}

/** The backups in a folder, newest first; unreadable files are listed with their problem, not hidden. */
export async function listBackups(dir: string): Promise<(BackupEntry | { id: string; path: string; bytes: number; problem: string })[]> {
  if (!existsSync(dir)) return []
  const names = readdirSync(dir).filter(isBackupName).sort().reverse()
  const out: (BackupEntry | { id: string; path: string; bytes: number; problem: string })[] = []
  for (const id of names) {
    const path = join(dir, id)
    try {
      const { manifest, fileBytes } = await readBackupManifest(path)
      out.push({ id, path, bytes: fileBytes, manifest })
    } catch (e) {
      out.push({ id, path, bytes: statSync(path).size, problem: (e as Error).message })
    }
  }
  return out
}
