import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { AgencyFieldsSchema, type Agency, type AgencyFields, type AgencyKind } from '@shared/domain/plans'
import { viCollator } from '@shared/text/fold'
import type { Database } from '../../store/schema'
import type { AgencyTable } from '../../store/tables/plans'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { nameKey } from './keys'

export async function listAgencies(ctx: ServiceContext): Promise<Agency[]> {
  const rows = await ctx.store.db.selectFrom('agencies').selectAll().execute()
  return rows.map(toAgency).sort((a, b) => viCollator.compare(a.name, b.name))
}

export async function createAgency(ctx: ServiceContext, input: AgencyFields): Promise<Agency> {
  let row: AgencyTable | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    row = await insertAgency(trx, ctx, input, [])
  })
  return toAgency(row!)
}

/** Inserts one agency inside the caller's transaction, refusing a name (or short name) already in the list. */
export async function insertAgency(
  trx: Kysely<Database>,
  ctx: ServiceContext,
  input: AgencyFields,
  path: (string | number)[],
): Promise<AgencyTable> {
  const f = AgencyFieldsSchema.parse(input)
  await assertNameFree(trx, f.name, f.shortName, null, path)
  const at = ctx.now().toISOString()
  const row: AgencyTable = {
    id: randomUUID(),
    name: f.name,
    name_key: nameKey(f.name),
    short_name: f.shortName,
    short_key: f.shortName ? nameKey(f.shortName) : '',
    kind: f.kind,
    contact_person: f.contactPerson,
    phone: f.phone,
    email: f.email,
    address: f.address,
    created_at: at,
    updated_at: at,
  }
  await trx.insertInto('agencies').values(row).execute()
  await audit(trx, ctx, { entity: 'agency', entityId: row.id, action: 'create', after: row })
  return row
}

export async function updateAgency(ctx: ServiceContext, input: { id: string; fields: AgencyFields }): Promise<Agency> {
  const f = AgencyFieldsSchema.parse(input.fields)
  let after: AgencyTable | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('agencies').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy cơ quan.', ['id'])
    await assertNameFree(trx, f.name, f.shortName, before.id, ['fields'])
    after = {
      ...before,
      name: f.name,
      name_key: nameKey(f.name),
      short_name: f.shortName,
      short_key: f.shortName ? nameKey(f.shortName) : '',
      kind: f.kind,
      contact_person: f.contactPerson,
      phone: f.phone,
      email: f.email,
      address: f.address,
      updated_at: ctx.now().toISOString(),
    }
    await trx.updateTable('agencies').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'agency', entityId: before.id, action: 'update', before, after })
  })
  return toAgency(after!)
}

/** Finds the agency an annex names, by its full or short name, ignoring case, diacritics and punctuation. */
export function agencyMatcher(rows: Selectable<AgencyTable>[]): (name: string) => Selectable<AgencyTable> | undefined {
  const byKey = new Map<string, Selectable<AgencyTable>>()
  for (const r of rows) {
    byKey.set(r.name_key, r)
    if (r.short_key && !byKey.has(r.short_key)) byKey.set(r.short_key, r)
  }
  return (name) => byKey.get(nameKey(name))
}

async function assertNameFree(
  trx: Kysely<Database>,
  name: string,
  shortName: string,
  selfId: string | null,
  path: (string | number)[],
): Promise<void> {
  const keys = [nameKey(name), ...(shortName ? [nameKey(shortName)] : [])]
  const clash = await trx
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('name_key', 'in', keys), eb('short_key', 'in', keys)]))
    .execute()
  const other = clash.find((c) => c.id !== selfId)
  if (other) throw new ApiError('CONFLICT', `Đã có cơ quan "${other.name}" trong danh mục.`, [...path, 'name'])
}

export function toAgency(r: Selectable<AgencyTable>): Agency {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind as AgencyKind,
    contactPerson: r.contact_person,
    phone: r.phone,
    email: r.email,
    address: r.address,
  }
}
