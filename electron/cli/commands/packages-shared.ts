import { closeSync, constants, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync, type Stats } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { JobStatus } from '@shared/contract/jobs-types'
import { UsageError, type CliIO } from '../command'
import { withRouter, type CliFiles, type CliRouter } from '../router'

/** Passphrases come from an environment variable named on the command line, never from argv itself. */
export function passphraseFrom(values: Record<string, unknown>, io: CliIO, option = 'passphrase-env'): string {
  // A key on a USB token: its PIN, named the same way (--pin-env) wherever a key passphrase is asked.
  if (option === 'passphrase-env' && values[option] === undefined && typeof values['pin-env'] === 'string') option = 'pin-env'
  const name = values[option]
  if (typeof name !== 'string' || !name)
    throw new UsageError(`Thiếu --${option} TÊN_BIẾN (mật khẩu lấy từ biến môi trường, không ghi trên dòng lệnh)`)
  const value = io.env[name]
  if (!value) throw new UsageError(`Biến môi trường ${name} chưa được đặt`)
  return value
}

/** The key passphrase or token PIN when one was named (--passphrase-env / --pin-env), else undefined. */
export function optionalSecret(values: Record<string, unknown>, io: CliIO): string | undefined {
  return values['passphrase-env'] === undefined && values['pin-env'] === undefined ? undefined : passphraseFrom(values, io)
}

export function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một ${what}`)
  return positionals[0]!
}

const MB = 1024 * 1024
/** Certificates and CRLs (as main's small-file limit). */
export const SMALL_FILE_BYTES = 4 * MB
/** A ready report attached to a package. */
export const ATTACHMENT_BYTES = 64 * MB

/**
 * The bytes of a file named on the command line that a channel takes as content, where a command
 * names several files for one question (`--trust`, `--crl`, `--attach`): the router's file ports
 * answer one file per question. Read as main reads files from others: a regular file only (never
 * /dev/zero or a FIFO, which would never end), within `maxBytes`, checked again once opened.
 */
export function readNamedFile(path: string, maxBytes: number): Buffer {
  const name = `"${basename(path)}"`
  const refuseUnlessRegular = (s: Stats) => {
    if (s.isDirectory()) throw new ApiError('BAD_INPUT', `${name} là một thư mục, không phải tệp.`)
    if (!s.isFile())
      throw new ApiError(
        'BAD_INPUT',
        `${name} không phải là tệp thông thường (là thiết bị, ống dẫn hoặc socket); không đọc vì không biết trước kích thước.`,
      )
    if (s.size > maxBytes) throw new ApiError('BAD_INPUT', `Tệp ${name} lớn hơn ${maxBytes / MB} MB; không đọc tệp này.`)
  }
  let fd: number
  try {
    refuseUnlessRegular(statSync(path))
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    if (e instanceof ApiError) throw e
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('NOT_FOUND', `Không tìm thấy tệp ${name}.`)
    throw new ApiError('BAD_INPUT', `Không mở được tệp ${name} (không có quyền đọc, hoặc tệp đang bị khóa).`)
  }
  try {
    const opened = fstatSync(fd)
    refuseUnlessRegular(opened)
    const data = Buffer.alloc(opened.size)
    let at = 0
    for (let n = 1; at < data.length && n > 0; at += n) n = readSync(fd, data, at, data.length - at, at)
    return data.subarray(0, at)
  } finally {
    closeSync(fd)
  }
}

/** A job's end for the command: its result when done; otherwise its reason on stderr and null (exit 1). */
export function jobResult<T>(status: JobStatus, io: CliIO): T | null {
  if (status.state === 'done') return status.result as T
  io.err(status.error ?? 'Tác vụ không hoàn thành.')
  return null
}

/**
 * For the few commands that also work without a register (`package verify --trust`, `keys
 * token-list`): the same channel, on the named register when it exists, otherwise on an empty one
 * made for this command alone (no office set up) and removed afterwards.
 */
export async function withRouterOrScratch(
  dbPath: string,
  io: CliIO,
  files: CliFiles,
  run: (r: CliRouter) => Promise<number>,
): Promise<number> {
  if (existsSync(dbPath)) return withRouter(dbPath, io, files, run)
  const scratch = mkdtempSync(join(tmpdir(), 'sgn-tam-'))
  try {
    return await withRouter(join(scratch, 'tam.sqlite'), io, files, run, { create: true })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
