import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { makePrivate, PRIVATE_FILE_MODE } from '../files/private-temp'

/**
 * Files that other people will trust (backups, report packages) appear under their final name only
 * when complete: they are written to a hidden `.partial` file in the same folder, flushed to disk,
 * and renamed. A rename within one folder is atomic on NTFS and POSIX file systems, so a crash or a
 * pulled USB stick at any byte leaves at worst a `.partial` file, never a truncated final file.
 */
export function partialPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(4).toString('hex')}.partial`)
}

/** Flushes a folder's entry table, so a rename survives a power cut (a no-op where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Flushes a finished temporary file, makes it readable by its owner only (0600) and moves it to its final name in the same folder. */
export async function commitFile(tempPath: string, finalPath: string): Promise<void> {
  makePrivate(tempPath)
  const handle = await open(tempPath, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
  renameSync(tempPath, finalPath)
  fsyncDir(dirname(finalPath))
}

/**
 * Writes a file through `produce` (which writes the whole content to the path it is given) and
 * publishes it under `finalPath` only once complete and flushed. On any error the partial file is
 * removed and the final name is left as it was. For package export, backup and anything a clerk
 * carries away on a USB stick.
 */
export async function writeFileAtomic(finalPath: string, produce: (tempPath: string) => Promise<void>): Promise<void> {
  const temp = partialPathFor(finalPath)
  try {
    // Created 0600 before any byte is written, so not even the partial file is readable by others.
    writeFileSync(temp, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' })
    await produce(temp)
    await commitFile(temp, finalPath)
  } catch (e) {
    rmSync(temp, { force: true })
    throw e
  }
}
