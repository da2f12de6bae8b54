import type { z } from 'zod'
import { audit } from './audit'
import type { ServiceContext } from './context'

/**
 * Small remembered values (a report's signer, the lock time) in the `settings` table as JSON,
 * validated on the way out so a value written by an older version can never crash a screen.
 */
export async function readSetting<S extends z.ZodType>(ctx: ServiceContext, key: string, schema: S): Promise<z.output<S> | null> {
  const row = await ctx.store.db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
  if (!row) return null
  const parsed = schema.safeParse(JSON.parse(row.value_json))
  return parsed.success ? parsed.data : null
}

export async function writeSetting(ctx: ServiceContext, key: string, value: unknown): Promise<void> {
  const at = ctx.now().toISOString()
  const json = JSON.stringify(value)
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst()
    await trx
      .insertInto('settings')
      .values({ key, value_json: json, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: json, updated_at: at }))
      .execute()
    await audit(trx, ctx, {
      entity: 'setting',
      entityId: key,
      action: 'update',
      before: before ? JSON.parse(before.value_json) : undefined,
      after: value,
    })
  })
}
