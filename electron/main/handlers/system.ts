import { unsupported } from '@shared/contract/errors'
import type { BackupListItem, systemChannels } from '@shared/contract/system'
import { DEFAULT_KEEP, type BackupEntry } from '../services/system/backup'
import { getBackupSettings, saveBackupSettings, setSessionPassphrase } from '../services/system/backup-settings'
import {
  backupInto,
  backupNow,
  backupStatus,
  confirmRestore,
  listConfiguredBackups,
  offerRestore,
  resolveBackupId,
} from '../services/system/backup-service'
import { checkDatabase } from '../services/system/check'
import type { HandlerMap } from './types'

export const systemHandlers: HandlerMap<keyof typeof systemChannels> = {
  'system.backup.status': (ctx) => backupStatus(ctx),
  'system.backup.chooseFolder': async (ctx) => {
    if (!ctx.files.chooseFolder) throw unsupported('Không chọn được thư mục')
    const dir = await ctx.files.chooseFolder({ title: 'Chọn thư mục sao lưu (ví dụ ổ USB)' })
    if (!dir) return { cancelled: true, status: await backupStatus(ctx) }
    await saveBackupSettings(ctx, { ...(await getBackupSettings(ctx)), dir })
    return { cancelled: false, status: await backupStatus(ctx) }
  },
  'system.backup.configure': async (ctx, input) => {
    if (input.passphrase !== undefined) setSessionPassphrase(ctx, input.passphrase)
    await saveBackupSettings(ctx, { ...(await getBackupSettings(ctx)), keep: input.keep, encrypt: input.encrypt })
    return backupStatus(ctx)
  },
  'system.backup.create': async (ctx) => toItem(await backupNow(ctx, 'manual')),
  'system.backup.createTo': async (ctx, input) => {
    if (!ctx.files.chooseFolder) throw unsupported('Không chọn được thư mục')
    const dir = await ctx.files.chooseFolder({ title: 'Chọn thư mục để sao lưu một lần (ví dụ ổ USB)' })
    if (!dir) return { cancelled: true as const }
    const entry = await backupInto(ctx, dir, { passphrase: input.passphrase, keep: input.keep ?? DEFAULT_KEEP })
    return { cancelled: false as const, path: entry.path, encrypted: input.passphrase !== null, removed: entry.removed }
  },
  'system.backup.list': async (ctx) => (await listConfiguredBackups(ctx)).map(toItem),
  'system.backup.inspect': async (ctx, input) => {
    let file: string | null
    if (input.backupId !== undefined) file = await resolveBackupId(ctx, input.backupId)
    else file = await ctx.files.chooseOpenFile({ title: 'Chọn tệp sao lưu để khôi phục', extensions: ['sgnbak'] })
    if (!file) return { cancelled: true as const }
    const offer = await offerRestore(ctx, file, input.passphrase ?? null)
    const m = offer.preview.manifest
    return {
      cancelled: false as const,
      token: offer.token,
      backup: {
        createdAt: m.createdAt,
        appVersion: m.appVersion,
        schemaVersion: offer.preview.facts.schemaVersion,
        office: offer.preview.facts.office,
        counts: offer.preview.facts.counts,
        encrypted: m.encryption !== null,
      },
      current: offer.current,
      officeCheck: offer.officeCheck,
    }
  },
  'system.backup.restore': async (ctx, input) => {
    const result = await confirmRestore(ctx, input.token, input.confirmOfficeCode)
    return { keptAside: result.keptAside, counts: result.facts.counts, schemaVersion: ctx.store.schemaVersion }
  },
  'system.check': async (ctx) => {
    const r = checkDatabase(ctx.store.path)
    return {
      ok: r.ok,
      integrity: r.integrity,
      foreignKeys: r.foreignKeys,
      schemaVersion: r.schemaVersion,
      appSchemaVersion: r.appSchemaVersion,
      schemaState: r.schemaState,
      counts: r.facts.counts,
    }
  },
}

function toItem(b: BackupEntry | { id: string; bytes: number; problem: string }): BackupListItem {
  if ('problem' in b) {
    return {
      id: b.id,
      bytes: b.bytes,
      createdAt: null,
      office: null,
      schemaVersion: null,
      encrypted: false,
      counts: {},
      problem: b.problem,
    }
  }
  const m = b.manifest
  return {
    id: b.id,
    bytes: b.bytes,
    createdAt: m.createdAt,
    office: m.office,
    schemaVersion: m.schemaVersion,
    encrypted: m.encryption !== null,
    counts: m.counts,
    problem: null,
  }
}
