import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { ApiError } from '@shared/contract/errors'
import { fileLabel, fileTooLarge, INPUT_LIMITS } from './limits'

/** What the file should be, for messages: "một gói báo cáo", "một danh sách Excel". */
export interface InputFileRule {
  maxBytes: number
  what: string
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. It changes
// nothing for a regular file, and a FIFO is refused by the fstat that follows.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

function notOpened(path: string, e: unknown): ApiError {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new ApiError('NOT_FOUND', `Không tìm thấy tệp ${fileLabel(path)}.`, ['file'])
  return new ApiError('BAD_INPUT', `Không mở được tệp ${fileLabel(path)} (không có quyền đọc, hoặc tệp đang bị khóa).`, ['file'])
}

/**
 * Only a regular file has a size worth trusting: /dev/zero, a FIFO or a socket report 0 bytes and
 * then never end. Checked on the path before opening (so a FIFO is never opened) and again on the
 * open descriptor (so a file swapped in between is caught), with the size the descriptor reports.
 */
function refuseUnlessRegular(path: string, s: Stats, rule: InputFileRule): void {
  if (s.isDirectory()) throw new ApiError('BAD_INPUT', `${fileLabel(path)} là một thư mục, không phải tệp.`, ['file'])
  if (!s.isFile())
    throw new ApiError(
      'BAD_INPUT',
      `${fileLabel(path)} không phải là tệp thông thường (là thiết bị, ống dẫn hoặc socket); không đọc vì không biết trước kích thước.`,
      ['file'],
    )
  if (s.size > rule.maxBytes) throw fileTooLarge(path, s.size, rule.maxBytes, rule.what)
}

/** Opens a file the program reads from others; the caller closes the handle. */
export async function openInputFile(path: string, rule: InputFileRule): Promise<{ fh: FileHandle; size: number }> {
  refuseUnlessRegular(path, await stat(path).catch((e: unknown) => Promise.reject(notOpened(path, e))), rule)
  const fh = await open(path, OPEN_FLAGS).catch((e: unknown) => Promise.reject(notOpened(path, e)))
  try {
    const s = await fh.stat()
    refuseUnlessRegular(path, s, rule)
    return { fh, size: s.size }
  } catch (e) {
    await fh.close()
    throw e
  }
}

/** Reads a whole file the program reads from others, within the rule's size. */
export async function readInputFile(path: string, rule: InputFileRule): Promise<Buffer> {
  const { fh, size } = await openInputFile(path, rule)
  try {
    const data = Buffer.alloc(size)
    let at = 0
    while (at < size) {
      const { bytesRead } = await fh.read(data, at, size - at, at)
      if (bytesRead === 0) break
      at += bytesRead
    }
    return data.subarray(0, at)
  } finally {
    await fh.close()
  }
}

/** The size of a file the program is about to read as a stream (a backup), after the same checks. */
export function inputFileSize(path: string, rule: InputFileRule): number {
  let s: Stats
  try {
    s = statSync(path)
  } catch (e) {
    throw notOpened(path, e)
  }
  refuseUnlessRegular(path, s, rule)
  return s.size
}

/** The same, synchronously (the CLI's files named several to an option, services reading a certificate or a key file). */
export function readInputFileSync(path: string, rule: InputFileRule): Buffer {
  inputFileSize(path, rule)
  let fd: number
  try {
    fd = openSync(path, OPEN_FLAGS)
  } catch (e) {
    throw notOpened(path, e)
  }
  try {
    const opened = fstatSync(fd)
    refuseUnlessRegular(path, opened, rule)
    const data = Buffer.alloc(opened.size)
    let at = 0
    while (at < data.length) {
      const n = readSync(fd, data, at, data.length - at, at)
      if (n === 0) break
      at += n
    }
    return data.subarray(0, at)
  } finally {
    closeSync(fd)
  }
}

/** A certificate, a key file (.p12/.pfx) or a receipt: a few KB, never more than the small-file limit. */
export function readSmallInputFile(path: string): Buffer {
  return readInputFileSync(path, { maxBytes: INPUT_LIMITS.smallFile.fileBytes, what: 'một tệp chứng thư, khóa hoặc biên nhận' })
}
