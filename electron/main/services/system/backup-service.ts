import { join } from 'node:path'
import { ApiError } from '@shared/contract/errors'
import { reasonOf } from '../../store/errors'
import { openStore } from '../../store/open'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { FileSaveError } from '../files/atomic-save'
import { stagedFile, stageFile, unstage } from '../files/staged'
import { createBackup, isBackupName, listBackups, type BackupEntry } from './backup'
import { BackupFileError } from './backup-format'
import {
  getBackupSettings,
  getLastBackup,
  recordLastBackup,
  sessionPassphrase,
  type BackupSettings,
  type LastBackup,
} from './backup-settings'
import { readFacts, type DbFacts } from './db-facts'
import { inspectBackup, RestoreRefusedError, restoreDatabase, type RestorePreview, type RestoreResult } from './restore'
import { confirmsMismatch, officeMismatch, type OfficeMismatch } from './restore-office'

export type BackupReason = 'manual' | 'daily' | 'exit'
const DAY_MS = 24 * 3600 * 1000

/** Backs up now to the configured folder; throws an ApiError the clerk can act on. */
export async function backupNow(ctx: ServiceContext, reason: BackupReason = 'manual'): Promise<BackupEntry & { removed: string[] }> {
  const settings = await getBackupSettings(ctx)
  if (!settings.dir) throw new ApiError('BAD_INPUT', 'Chưa chọn thư mục sao lưu. Hãy chọn thư mục (ví dụ ổ USB) trong Cài đặt → Sao lưu.')
  const passphrase = settings.encrypt ? sessionPassphrase(ctx) : null
  if (settings.encrypt && !passphrase) {
    throw new ApiError('BAD_INPUT', 'Sao lưu được đặt là mã hóa: hãy nhập mật khẩu sao lưu cho phiên làm việc này.', ['passphrase'])
  }
  try {
    const entry = await backupInto(ctx, settings.dir, { passphrase, keep: settings.keep })
    await recordLastBackup(ctx, { at: ctx.now().toISOString(), reason, ok: true, message: entry.id })
    return entry
  } catch (e) {
    if (e instanceof ApiError) await recordLastBackup(ctx, { at: ctx.now().toISOString(), reason, ok: false, message: e.message })
    throw e
  }
}

/**
 * One backup into `dir`, outside the office's backup settings (the command line's `backup create
 * --out`): the settings and the last-backup record stay as they are. A failure is an ApiError
 * the clerk can act on.
 */
export async function backupInto(
  ctx: ServiceContext,
  dir: string,
  options: { passphrase: string | null; keep: number },
): Promise<BackupEntry & { removed: string[] }> {
  try {
    return await createBackup(ctx.store, {
      dir,
      passphrase: options.passphrase,
      keep: options.keep,
      now: ctx.now,
      appVersion: ctx.appVersion,
    })
  } catch (e) {
    // The one atomic save names the file and the folder itself.
    throw new ApiError(
      'INTERNAL',
      e instanceof FileSaveError ? `Không sao lưu được. ${e.message}` : `Không sao lưu được vào ${dir}: ${reasonOf(e)}`,
    )
  }
}

/**
 * For the app's triggers (on exit, and a daily timer): backs up when a folder is set and, for
 * 'daily', when the last good backup is a day old. Never throws: a failure is recorded and shown in
 * Settings, and must not stop the app from closing.
 */
export async function runScheduledBackup(ctx: ServiceContext, reason: 'daily' | 'exit'): Promise<'done' | 'skipped' | 'failed'> {
  try {
    const settings = await getBackupSettings(ctx)
    if (!settings.dir) return 'skipped'
    if (reason === 'daily') {
      const last = await getLastBackup(ctx)
      if (last?.ok && ctx.now().getTime() - Date.parse(last.at) < DAY_MS) return 'skipped'
    }
    if (settings.encrypt && !sessionPassphrase(ctx)) {
      await recordLastBackup(ctx, {
        at: ctx.now().toISOString(),
        reason,
        ok: false,
        message: 'Bỏ qua: chưa nhập mật khẩu sao lưu trong phiên này.',
      })
      return 'skipped'
    }
    await backupNow(ctx, reason)
    return 'done'
  } catch {
    return 'failed'
  }
}

export interface BackupStatus extends BackupSettings {
  passphraseSet: boolean
  last: LastBackup | null
}

export async function backupStatus(ctx: ServiceContext): Promise<BackupStatus> {
  const settings = await getBackupSettings(ctx)
  return { ...settings, passphraseSet: sessionPassphrase(ctx) !== null, last: await getLastBackup(ctx) }
}

export async function listConfiguredBackups(ctx: ServiceContext): Promise<Awaited<ReturnType<typeof listBackups>>> {
  const { dir } = await getBackupSettings(ctx)
  return dir ? listBackups(dir) : []
}

/**
 * A backup chosen for restore, in the window's staged-file store (services/files/staged.ts): the
 * file main resolved (never a path from the renderer) and what the preview found in it.
 */
interface PendingRestore {
  passphrase: string | null
  sha256: string
}
const RESTORE = 'system.restore'

/** Resolves a backup id from the list to its file in the configured folder. */
export async function resolveBackupId(ctx: ServiceContext, id: string): Promise<string> {
  const { dir } = await getBackupSettings(ctx)
  if (!dir || !isBackupName(id)) throw new ApiError('NOT_FOUND', 'Không tìm thấy bản sao lưu này trong thư mục sao lưu.', ['backupId'])
  const found = (await listBackups(dir)).find((b) => b.id === id)
  if (!found) throw new ApiError('NOT_FOUND', 'Không tìm thấy bản sao lưu này trong thư mục sao lưu.', ['backupId'])
  return join(dir, id)
}

export interface RestoreOffer {
  token: string
  preview: RestorePreview
  current: DbFacts
  /** Set when the backup is another office's (or an office's over the province's): the restore needs its code typed. */
  officeCheck: OfficeMismatch | null
}

/** Step one of a restore: shows what the backup holds next to what the database holds now. Changes nothing. */
export async function offerRestore(ctx: ServiceContext, file: string, passphrase: string | null): Promise<RestoreOffer> {
  const preview = await asApiError(() => inspectBackup(file, passphrase, ctx.store.path))
  const { token } = stageFile<PendingRestore>(ctx, RESTORE, file, { passphrase, sha256: preview.sha256 })
  const current = readFacts(ctx.store.sqlite)
  return { token, preview, current, officeCheck: officeMismatch(current.office, preview.facts.office) }
}

/**
 * Step two: the admin confirmed; restores exactly the backup that was previewed. A refusal that the
 * admin can answer (the office code to type) keeps the offer, so the dialog can ask again.
 */
export async function confirmRestore(ctx: ServiceContext, token: string, confirmOfficeCode?: string): Promise<RestoreResult> {
  const offer = stagedFile<PendingRestore>(ctx, RESTORE, token)
  const result = await restoreIntoContext(ctx, offer.path, offer.data.passphrase, offer.data.sha256, confirmOfficeCode)
  unstage(ctx, token)
  return result
}

/**
 * Restores into a running app: closes the context's store, replaces the file (restoreDatabase keeps
 * the current one aside first), reopens — upgrading an older backup the usual way — and records the
 * restore in the restored database's audit log. If the replacement fails the old database is reopened.
 */
export async function restoreIntoContext(
  ctx: ServiceContext,
  file: string,
  passphrase: string | null,
  expectSha256?: string,
  confirmOfficeCode?: string,
): Promise<RestoreResult> {
  const dbPath = ctx.store.path
  // Verify before closing anything, so a wrong passphrase or an unconfirmed office does not interrupt
  // the clerk's work (restoreDatabase checks the office again, on the file it locked).
  const preview = await asApiError(() => inspectBackup(file, passphrase, dbPath))
  const mismatch = officeMismatch(readFacts(ctx.store.sqlite).office, preview.facts.office)
  if (mismatch && !confirmsMismatch(mismatch, confirmOfficeCode)) {
    throw new ApiError(
      'CONFLICT',
      `${mismatch.message} Để vẫn khôi phục, hãy gõ mã đơn vị ${mismatch.confirmCode} để xác nhận. Chưa có gì bị thay đổi.`,
      ['confirmOfficeCode'],
    )
  }
  await ctx.store.close()
  let result: RestoreResult
  try {
    result = await asApiError(() => restoreDatabase(dbPath, file, { passphrase, now: ctx.now, expectSha256, confirmOfficeCode }))
  } finally {
    ctx.store = await openStore(dbPath, { now: ctx.now })
  }
  await recordRestore(ctx, result)
  return result
}

/** The restored database's audit log says where it came from and where the replaced one went. */
export async function recordRestore(ctx: ServiceContext, result: RestoreResult): Promise<void> {
  await ctx.store.db.transaction().execute((trx) =>
    audit(trx, ctx, {
      entity: 'database',
      entityId: result.sha256,
      action: 'restore',
      after: { backupCreatedAt: result.manifest.createdAt, office: result.manifest.office, keptAside: result.keptAside },
    }),
  )
}

async function asApiError<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (e) {
    if (e instanceof RestoreRefusedError) throw new ApiError('CONFLICT', e.message, e.code === 'OTHER_OFFICE' ? ['confirmOfficeCode'] : [])
    if (e instanceof BackupFileError) {
      const code =
        e.code === 'PASSPHRASE_NEEDED' || e.code === 'WRONG_PASSPHRASE' ? 'BAD_INPUT' : e.code === 'NEWER' ? 'CONFLICT' : 'BAD_INPUT'
      throw new ApiError(code, e.message, e.code.includes('PASSPHRASE') ? ['passphrase'] : [])
    }
    throw e
  }
}
