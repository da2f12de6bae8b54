import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import type { ServiceContext } from '../context'

/**
 * Files picked in main's dialogs, previewed, not yet committed: the one store for every "pick a
 * file → preview → commit" (a household list, a plan's annex, a package, a certificate to trust, a
 * token's library, a backup to restore). The renderer never names a path (design.md rule 9): it
 * gets a random token, and the commit finds the file (and what the preview made of it) by token.
 *
 * - Per window: keyed by the window's own context (the router gives each window its own scoped
 *   ServiceContext), so one window cannot use another's token.
 * - Expiring: a token not used for `STAGED_TTL_MS` is gone ("hãy chọn lại"); each use renews it.
 * - One per kind: picking again ends the window's earlier pick of the same kind.
 * - Removed on commit (`unstage`) and when superseded or expired; `release` runs then (closing a
 *   converted copy), but never while the entry says it is busy (an import running on it).
 */
export const STAGED_TTL_MS = 30 * 60_000

export interface StagedFile<T> {
  readonly token: string
  readonly kind: string
  readonly path: string
  readonly fileName: string
  /** What the preview made of the file (parsed rows, a hash to check again), kept for the commit. */
  data: T
}

interface Entry extends StagedFile<unknown> {
  expires: number
  release: (() => void) | undefined
  busy: (() => boolean) | undefined
}

export interface StageOptions {
  /** Frees what the entry holds (an opened workbook) when it is removed. */
  release?: () => void
  /** While true, the entry is neither expired nor released (a job is using it). */
  busy?: () => boolean
}

const windows = new WeakMap<ServiceContext, Map<string, Entry>>()

function entries(ctx: ServiceContext): Map<string, Entry> {
  let m = windows.get(ctx)
  if (!m) windows.set(ctx, (m = new Map()))
  const now = ctx.now().getTime()
  for (const [token, e] of m) if (e.expires < now && !e.busy?.()) drop(m, token)
  return m
}

function drop(m: Map<string, Entry>, token: string): void {
  const e = m.get(token)
  m.delete(token)
  try {
    e?.release?.()
  } catch {
    // nothing to report: what it held goes when the process exits
  }
}

/** Keeps a picked file for this window under a new token, ending the window's earlier pick of the same kind. */
export function stageFile<T>(ctx: ServiceContext, kind: string, path: string, data: T, options: StageOptions = {}): StagedFile<T> {
  const m = entries(ctx)
  for (const [token, e] of m) if (e.kind === kind && !e.busy?.()) drop(m, token)
  const entry: Entry = {
    token: randomUUID(),
    kind,
    path,
    fileName: basename(path),
    data,
    expires: ctx.now().getTime() + STAGED_TTL_MS,
    release: options.release,
    busy: options.busy,
  }
  m.set(entry.token, entry)
  return entry as StagedFile<T>
}

/** The window's staged file of that kind, renewed; NOT_FOUND (on `field`) when unknown, expired or of another kind. */
export function stagedFile<T>(ctx: ServiceContext, kind: string, token: string, field = 'token'): StagedFile<T> {
  const e = entries(ctx).get(token)
  if (!e || e.kind !== kind)
    throw new ApiError('NOT_FOUND', 'Tệp đã chọn không còn (đã quá lâu, hoặc đã dùng xong); hãy chọn lại tệp.', [field])
  e.expires = ctx.now().getTime() + STAGED_TTL_MS
  return e as StagedFile<T>
}

/**
 * Removes a staged file once committed or cancelled; false when the token is already gone (or in
 * use by a running job, which keeps it until the job ends and the pick expires).
 */
export function unstage(ctx: ServiceContext, token: string): boolean {
  const m = windows.get(ctx)
  const e = m?.get(token)
  if (!m || !e || e.busy?.()) return false
  drop(m, token)
  return true
}
