import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { PRIVATE_FILE_MODE } from '../../services/files/private-temp'

/** The few file operations the atomic write needs, injectable so tests can cut the write at any byte. */
export interface WriteOps {
  open(path: string): number
  write(fd: number, data: Buffer, offset: number, length: number): number
  fsync(fd: number): void
  close(fd: number): void
  rename(from: string, to: string): void
}

const nodeOps: WriteOps = {
  // 0600: a package holds the register's personal data; only its owner reads it until it is sent.
  open: (path) => openSync(path, 'wx', PRIVATE_FILE_MODE),
  write: (fd, data, offset, length) => writeSync(fd, data, offset, length),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
}

/**
 * Writes `data` so that `path` either does not exist or holds all of it: write `path.partial`,
 * flush it to the device, rename, then flush the folder entry where the OS allows. A USB stick
 * pulled out mid-write leaves at most a `.partial` file, never a half package with the final name.
 * An existing file with the final name is never overwritten.
 */
export function writeFileAtomic(path: string, data: Buffer, ops: WriteOps = nodeOps): void {
  const file = openAtomicFile(path, ops)
  try {
    file.write(data)
  } catch (e) {
    file.abort()
    throw e
  }
  file.commit()
}

/** A file being written a piece at a time with the same guarantees as writeFileAtomic. */
export interface AtomicFile {
  write(data: Buffer): void
  /** Flushes, closes and renames into place. */
  commit(): void
  /** Closes and removes the partial file (safe to call after a failed write or commit). */
  abort(): void
}

/** Opens `path.partial` for a streamed write; `commit()` gives it the final name. */
export function openAtomicFile(path: string, ops: WriteOps = nodeOps): AtomicFile {
  if (existsSync(path)) throw new Error(`Đã có tệp ${basename(path)} trong thư mục này; không ghi đè.`)
  const partial = `${path}.partial`
  rmSync(partial, { force: true }) // a leftover from an interrupted earlier attempt
  let fd: number | null = ops.open(partial)
  const abort = () => {
    if (fd !== null) {
      try {
        ops.close(fd)
      } catch {
        // already failing; the original error is the one to report
      }
      fd = null
    }
    rmSync(partial, { force: true })
  }
  return {
    write(data) {
      if (fd === null) throw new Error('Tệp đã đóng.')
      let written = 0
      while (written < data.length) {
        const n = ops.write(fd, data, written, Math.min(1 << 20, data.length - written))
        if (n <= 0) throw new Error('Không ghi được dữ liệu vào ổ đĩa.')
        written += n
      }
    },
    commit() {
      if (fd === null) throw new Error('Tệp đã đóng.')
      try {
        ops.fsync(fd)
        ops.close(fd)
        fd = null
        ops.rename(partial, path)
      } catch (e) {
        abort()
        throw e
      }
      syncFolder(dirname(path))
    },
    abort,
  }
}

function syncFolder(dir: string): void {
  // Windows cannot open a folder for fsync (EISDIR/EPERM); NTFS and FAT journal the rename themselves.
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // best effort, as documented
  }
}
