import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { ApiError } from '@shared/contract/errors'
import { reasonOf, systemErrorKind } from '../../store/errors'
import { makePrivate, PRIVATE_FILE_MODE } from './private-temp'

/**
 * The one way the program saves a file someone will open or carry away (reports, letters, task
 * reports, packages and their copies, receipts, certificates, backups, error workbooks, the import
 * template, the database a restore puts in place): the bytes go to a hidden temporary name in the
 * same folder (`.<name>.<random>.partial`, 0600), are flushed to the device, and the file is renamed
 * to its name only when whole; then the folder entry is flushed where the OS allows (Windows cannot
 * open a folder; NTFS and FAT journal the rename themselves). A full disk, a write-protected stick
 * or one pulled out at any byte leaves at most the hidden temporary file, removed on the failure,
 * never a half file under the final name. An existing file is never replaced unless the caller says
 * `overwrite: true` (a save dialog that already asked, a restore). A failure is an ApiError whose
 * Vietnamese message names the file and the folder and says what to do.
 *
 * The program's private temporary files (.sgn-tam/, electron-pdf's print page) are not saved here:
 * nobody opens them, and they are removed whole.
 */

/** The file operations a save needs, injectable so tests can fill the disk or cut the write at any byte. */
export interface WriteOps {
  open(path: string): number
  write(fd: number, data: Uint8Array, offset: number, length: number): number
  fsync(fd: number): void
  close(fd: number): void
  rename(from: string, to: string): void
}

export const nodeWriteOps: WriteOps = {
  // 'wx': the temporary name is fresh; 0600: what the program writes names households.
  open: (path) => openSync(path, 'wx', PRIVATE_FILE_MODE),
  write: (fd, data, offset, length) => writeSync(fd, data, offset, length),
  fsync: (fd) => fsyncSync(fd),
  close: (fd) => closeSync(fd),
  rename: (from, to) => renameSync(from, to),
}

const injected = new AsyncLocalStorage<WriteOps>()

/**
 * Runs `work` with every save inside it (however deep: a handler, a job, a CLI command) going
 * through `ops`. For tests: a full disk or a pulled stick for every kind of file, through the real
 * code paths. Scoped to `work`'s async calls, so nothing else in the process sees it.
 */
export function withWriteOps<T>(ops: WriteOps, work: () => T): T {
  return injected.run(ops, work)
}

export interface SaveOptions {
  /** Replace an existing file of that name (still atomically). Default: refuse. */
  overwrite?: boolean
  /** Explicit operations (tests); otherwise those of `withWriteOps`, otherwise the real ones. */
  ops?: WriteOps | undefined
}

/** A file being saved a piece at a time. */
export interface AtomicFile {
  /** The temporary file in the same folder (to read back what was written before it gets its name). */
  readonly tempPath: string
  write(data: Uint8Array): void
  /** A stream over `write`, for writers that take one (ExcelJS, a pipeline). */
  stream(): Writable
  /** Flushes, closes and renames into place. */
  commit(): void
  /** Closes and removes the temporary file (safe after a failed write or commit, and twice). */
  abort(): void
}

/** Temporary files of a save that was killed: removed by the next save of the same name after this long. */
const STALE_PARTIAL_MS = 3600_000

/** Saves `data` as `path` whole or not at all. */
export function saveFile(path: string, data: Uint8Array | string, options: SaveOptions = {}): void {
  const file = openAtomicFile(path, options)
  try {
    file.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
  } catch (e) {
    file.abort()
    throw e
  }
  file.commit()
}

/** Saves what `produce` writes into the file (its `write`, or its `stream()`), whole or not at all. */
export async function saveFileStreamed(
  path: string,
  produce: (file: AtomicFile) => Promise<void>,
  options: SaveOptions = {},
): Promise<void> {
  const file = openAtomicFile(path, options)
  try {
    await produce(file)
  } catch (e) {
    file.abort()
    throw asSaveError(path, e)
  }
  file.commit()
}

/** Opens the temporary file for a streamed save; `commit()` gives it its name. */
export function openAtomicFile(path: string, options: SaveOptions = {}): AtomicFile {
  const ops = options.ops ?? injected.getStore() ?? nodeWriteOps
  const overwrite = options.overwrite ?? false
  if (!overwrite && existsSync(path)) throw alreadyThere(path)
  removeStalePartials(path)
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`)
  let fd: number | null = disk(path, () => ops.open(temp))
  const abort = () => {
    if (fd !== null) {
      try {
        ops.close(fd)
      } catch {
        // already failing; the original error is the one to report
      }
      fd = null
    }
    rmSync(temp, { force: true })
  }
  const write = (data: Uint8Array) => {
    if (fd === null) throw new Error('Tệp đã đóng.')
    let written = 0
    while (written < data.length) {
      const at = written
      const n = disk(path, () => ops.write(fd!, data, at, Math.min(1 << 20, data.length - at)))
      if (n <= 0) throw saveError(path, 'io', 'không ghi được dữ liệu vào ổ đĩa')
      written += n
    }
  }
  return {
    tempPath: temp,
    write,
    stream: () =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          try {
            write(chunk)
            done()
          } catch (e) {
            done(e as Error)
          }
        },
      }),
    commit() {
      if (fd === null) throw new Error('Tệp đã đóng.')
      try {
        disk(path, () => ops.fsync(fd!))
        disk(path, () => ops.close(fd!))
        fd = null
        // Checked again at the last moment: another save may have taken the name meanwhile.
        if (!overwrite && existsSync(path)) throw alreadyThere(path)
        disk(path, () => ops.rename(temp, path))
      } catch (e) {
        abort()
        throw e
      }
      syncFolder(dirname(path))
    },
    abort,
  }
}

/**
 * Gives a file finished elsewhere on the same disk (the private folder beside the database) its
 * name: flushed, made 0600, renamed, the folder flushed. The restore's way of putting a database in place.
 */
export function publishFile(tempPath: string, finalPath: string, options: SaveOptions = {}): void {
  const ops = options.ops ?? injected.getStore() ?? nodeWriteOps
  if (!options.overwrite && existsSync(finalPath)) throw alreadyThere(finalPath)
  makePrivate(tempPath)
  const fd = disk(finalPath, () => openSync(tempPath, 'r+'))
  try {
    disk(finalPath, () => ops.fsync(fd))
  } finally {
    closeSync(fd)
  }
  disk(finalPath, () => ops.rename(tempPath, finalPath))
  syncFolder(dirname(finalPath))
}

/** Flushes a folder's entry table, so a rename survives a power cut (best effort: Windows cannot open a folder). */
export function syncFolder(dir: string): void {
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

/** What an earlier save of the same name left when its process was killed (never a running save's: those are fresh). */
function removeStalePartials(path: string): void {
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = readdirSync(dirname(path))
  } catch {
    return // the open reports a folder that is not there or not readable
  }
  const old = Date.now() - STALE_PARTIAL_MS
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.partial')) continue
    try {
      const p = join(dirname(path), n)
      if (statSync(p).mtimeMs < old) rmSync(p, { force: true })
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

/** Runs one disk operation; a refusal of the system becomes the clerk's message naming the file and folder. */
function disk<T>(path: string, op: () => T): T {
  try {
    return op()
  } catch (e) {
    throw asSaveError(path, e)
  }
}

/**
 * A failed save, worded for the clerk. The system's error is kept as `systemError`, not `cause`:
 * store/errors.ts reads a cause's code first and would put its generic words (naming the hidden
 * temporary file) in place of these.
 */
export class FileSaveError extends ApiError {
  readonly folder: string
  readonly systemError: unknown
  constructor(message: string, folder: string, systemError?: unknown) {
    // The folder the clerk chose is what to change (another stick, another folder): the input's fault, not the program's.
    super('BAD_INPUT', message)
    this.name = 'FileSaveError'
    this.folder = folder
    this.systemError = systemError
  }
}

function alreadyThere(path: string): FileSaveError {
  return new FileSaveError(
    `Đã có tệp ${basename(path)} trong thư mục ${dirname(path)}; không ghi đè. Hãy chọn thư mục khác hoặc đổi tên tệp cũ.`,
    dirname(path),
  )
}

function asSaveError(path: string, e: unknown): unknown {
  if (e instanceof ApiError) return e
  const kind = systemErrorKind(e)
  if (!kind) return e
  return saveError(path, kind, null, e)
}

function saveError(path: string, kind: string, detail: string | null, cause?: unknown): FileSaveError {
  const name = basename(path)
  const dir = dirname(path)
  const left = 'Tệp chưa được lưu và không để lại tệp dở dang'
  let why: string
  switch (kind) {
    case 'full':
      why = `ổ đĩa chứa thư mục ${dir} đã đầy. ${left}; hãy giải phóng chỗ trống hoặc chọn ổ khác rồi làm lại.`
      break
    case 'read_only':
      why =
        `thư mục ${dir} ở chế độ chỉ đọc (ổ USB đang gạt khóa chống ghi, đĩa CD, thư mục mạng chỉ cho đọc). ` +
        `${left}; hãy chọn nơi ghi được hoặc bỏ khóa chống ghi rồi làm lại.`
      break
    case 'no_access':
      // Windows also answers EPERM when the file being replaced is open in Excel or a PDF reader.
      why =
        `không được phép ghi vào thư mục ${dir} (thư mục chỉ cho đọc, tài khoản này không có quyền ở đó, ` +
        `hoặc tệp cùng tên đang mở trong chương trình khác như Excel). ${left}; hãy đóng tệp đó, chọn thư mục khác hoặc nhờ cấp quyền rồi làm lại.`
      break
    case 'busy':
      why = `tệp cùng tên trong thư mục ${dir} đang được chương trình khác mở (Excel, trình đọc PDF). ${left}; hãy đóng tệp đó hoặc lưu với tên khác rồi làm lại.`
      break
    case 'not_found':
    case 'cant_open':
      why = `không còn thư mục ${dir} (đã bị xóa, đổi tên, hoặc ổ USB đã rút ra). ${left}; hãy cắm lại ổ hoặc chọn thư mục khác rồi làm lại.`
      break
    case 'io':
      why = `lỗi đọc/ghi ổ đĩa chứa thư mục ${dir}${detail ? ` (${detail})` : ''} (ổ USB bị rút ra khi đang ghi, hoặc ổ hỏng). ${left}; hãy cắm lại ổ hoặc dùng ổ khác rồi làm lại.`
      break
    default:
      why = `${reasonOf(cause)} (thư mục ${dir}). ${left}.`
  }
  return new FileSaveError(`Không lưu được tệp ${name}: ${why}`, dir, cause)
}
