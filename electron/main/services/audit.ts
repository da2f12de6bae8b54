import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../store/schema'
import type { ServiceContext } from './context'

export interface AuditEntry {
  entity: string
  entityId: string
  action: 'create' | 'update' | 'delete' | 'rename' | string
  before?: unknown
  after?: unknown
}

/** Records who changed what, inside the same transaction as the change itself. */
export async function audit(trx: Transaction<Database> | Kysely<Database>, ctx: ServiceContext, e: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: ctx.now().toISOString(),
      actor: ctx.actor(),
      entity: e.entity,
      entity_id: e.entityId,
      action: e.action,
      before_json: e.before === undefined ? null : JSON.stringify(e.before),
      after_json: e.after === undefined ? null : JSON.stringify(e.after),
    })
    .execute()
}
