import { randomUUID } from 'node:crypto'
import type { ServiceContext } from '../context'

export interface SelftestResult {
  batchId: string
  rows: number
  replaced: number
}

/**
 * The `selftest-write` maintenance operation: replaces the scratch table's rows with `rows` new ones
 * and records an audit row, all in one transaction. It exists so the crash-safety of a large write
 * can be checked on a real machine (and by the reliability suite) without touching the register.
 * `onProgress` is called inside the transaction, so a caller can tell a write is under way.
 */
export async function selftestWrite(ctx: ServiceContext, rows: number, onProgress?: (done: number) => void): Promise<SelftestResult> {
  const { store } = ctx
  const batchId = randomUUID()
  const at = ctx.now().toISOString()
  const insert = store.sqlite.prepare(
    store.db.insertInto('system_selftest').values({ batch_id: '', seq: 0, payload: '', written_at: '' }).compile().sql,
  )
  const auditSql = store.db
    .insertInto('audit_log')
    .values({ id: '', at: '', actor: '', entity: '', entity_id: '', action: '', before_json: null, after_json: null })
    .compile().sql
  const clear = store.sqlite.prepare(store.db.deleteFrom('system_selftest').compile().sql)
  const step = Math.max(1, Math.floor(rows / 20))
  const run = store.sqlite.transaction(() => {
    const replaced = clear.run().changes
    onProgress?.(0)
    for (let i = 0; i < rows; i++) {
      // Payload size is what makes the WAL grow: about 100 bytes per row, enough for a realistic import.
      insert.run(batchId, i, `selftest ${batchId} row ${i} `.padEnd(100, '.'), at)
      if ((i + 1) % step === 0) onProgress?.(i + 1)
    }
    store.sqlite
      .prepare(auditSql)
      .run(randomUUID(), at, ctx.actor(), 'system_selftest', batchId, 'write', JSON.stringify({ replaced }), JSON.stringify({ rows }))
    return replaced
  })
  const replaced = await store.db.connection().execute(async () => run())
  return { batchId, rows, replaced }
}
