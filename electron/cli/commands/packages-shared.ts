import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readInputFileSync } from '../../main/export/input/input-file'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
const SMALL_FILE_BYTES = 4 * MB
/** A ready report attached to a package. */
const ATTACHMENT_BYTES = 64 * MB

/**
 * The bytes of files named on the command line that a channel takes as content, where a command
 * names several files for one question (`--trust`, `--crl`, `--attach`): the router's file ports
 * answer one file per question. Read by main's own reader (a regular file only, never /dev/zero
 * or a FIFO, within the limit, checked again once opened), so the limits and the words are main's.
 */
export function readNamedFiles(paths: readonly string[], kind: 'certificate' | 'attachment'): Buffer[] {
  const rule =
    kind === 'attachment'
      ? { maxBytes: ATTACHMENT_BYTES, what: 'một báo cáo đính kèm' }
      : { maxBytes: SMALL_FILE_BYTES, what: 'một tệp chứng thư hoặc danh sách thu hồi' }
  return paths.map((path) => readInputFileSync(path, rule))
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
