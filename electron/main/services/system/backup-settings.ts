import { z } from 'zod'
import type { ServiceContext } from '../context'
import { audit } from '../audit'
import { DEFAULT_KEEP } from './backup'

/** Kept in the foundation's `settings` table. The passphrase is never stored (see passphrases below). */
export const BackupSettingsSchema = z.object({
  dir: z.string().nullable().default(null),
  keep: z.number().int().min(1).max(100).default(DEFAULT_KEEP),
  encrypt: z.boolean().default(false),
})
export type BackupSettings = z.infer<typeof BackupSettingsSchema>

export const LastBackupSchema = z.object({
  at: z.string(),
  reason: z.enum(['manual', 'daily', 'exit']),
  ok: z.boolean(),
  /** The backup's file name when it worked, the clerk-facing reason when it did not. */
  message: z.string(),
})
export type LastBackup = z.infer<typeof LastBackupSchema>

const SETTINGS_KEY = 'system.backup'
const LAST_KEY = 'system.backup.last'

/**
 * The backup passphrase lives in this process's memory only: writing it into the database would put
 * the key next to the data it protects (and inside every backup). The clerk types it once per session;
 * until then, automatic encrypted backups are skipped and the skip is reported in Settings.
 */
const passphrases = new WeakMap<ServiceContext, string>()

export function sessionPassphrase(ctx: ServiceContext): string | null {
  return passphrases.get(ctx) ?? null
}

export function setSessionPassphrase(ctx: ServiceContext, passphrase: string | null): void {
  if (passphrase === null) passphrases.delete(ctx)
  else passphrases.set(ctx, passphrase)
}

async function readSetting<T>(ctx: ServiceContext, key: string, schema: z.ZodType<T>): Promise<T | null> {
  const row = await ctx.store.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
  if (!row) return null
  const parsed = schema.safeParse(JSON.parse(row.value_json))
  return parsed.success ? parsed.data : null
}

async function writeSetting(ctx: ServiceContext, key: string, value: unknown): Promise<void> {
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
    const value_json = JSON.stringify(value)
    await trx
      .insertInto('settings')
      .values({ key, value_json, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json, updated_at: at }))
      .execute()
    await audit(trx, ctx, {
      entity: 'setting',
      entityId: key,
      action: before ? 'update' : 'create',
      before: before ? JSON.parse(before.value_json) : undefined,
      after: value,
    })
  })
}

export async function getBackupSettings(ctx: ServiceContext): Promise<BackupSettings> {
  return (await readSetting(ctx, SETTINGS_KEY, BackupSettingsSchema)) ?? BackupSettingsSchema.parse({})
}

export async function saveBackupSettings(ctx: ServiceContext, settings: BackupSettings): Promise<BackupSettings> {
  const value = BackupSettingsSchema.parse(settings)
  await writeSetting(ctx, SETTINGS_KEY, value)
  return value
}

export async function getLastBackup(ctx: ServiceContext): Promise<LastBackup | null> {
  return readSetting(ctx, LAST_KEY, LastBackupSchema)
}

export async function recordLastBackup(ctx: ServiceContext, last: LastBackup): Promise<void> {
  await writeSetting(ctx, LAST_KEY, last)
}
