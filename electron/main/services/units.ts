import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { AdminUnit, UnitDraft, UnitKind } from '@shared/domain/units'
import { UnitDraftSchema } from '@shared/domain/units'
import { fold } from '@shared/text/fold'
import type { AdminUnitTable, Database } from '../store/schema'
import { audit } from './audit'
import type { ServiceContext } from './context'

export async function listUnits(ctx: ServiceContext): Promise<AdminUnit[]> {
  const [rows, names] = await Promise.all([
    ctx.store.db.selectFrom('admin_units').selectAll().execute(),
    ctx.store.db.selectFrom('admin_unit_names').selectAll().orderBy('until').execute(),
  ])
  const former = new Map<string, { name: string; until: string }[]>()
  for (const n of names) {
    const list = former.get(n.unit_id) ?? []
    list.push({ name: n.name, until: n.until })
    former.set(n.unit_id, list)
  }
  return rows.map((r) => toUnit(r, former.get(r.id) ?? []))
}

export async function addUnit(
  ctx: ServiceContext,
  input: { parentId: string | null; kind: UnitKind; code: string; name: string },
): Promise<AdminUnit> {
  const draft = UnitDraftSchema.parse({ kind: input.kind, code: input.code, name: input.name })
  let row: ReturnType<typeof newRow> | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    if (input.parentId && !(await trx.selectFrom('admin_units').select('id').where('id', '=', input.parentId).executeTakeFirst())) {
      throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị cấp trên.', ['parentId'])
    }
    await assertCodeFree(trx, draft.code, ['code'])
    row = newRow(ctx, input.parentId, draft.kind, draft.code, draft.name)
    await trx.insertInto('admin_units').values(row).execute()
    await audit(trx, ctx, { entity: 'admin_unit', entityId: row.id, action: 'create', after: row })
  })
  return toUnit(row!, [])
}

/** Renames a unit, keeping the old name with the date it stopped being used. */
export async function renameUnit(ctx: ServiceContext, input: { id: string; name: string }): Promise<AdminUnit> {
  const name = input.name.trim()
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('admin_units').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị.', ['id'])
    if (before.name === name) return
    await trx.insertInto('admin_unit_names').values({ unit_id: before.id, name: before.name, until: at }).execute()
    await trx
      .updateTable('admin_units')
      .set({ name, name_folded: fold(name), updated_at: at })
      .where('id', '=', before.id)
      .execute()
    await audit(trx, ctx, { entity: 'admin_unit', entityId: before.id, action: 'rename', before: { name: before.name }, after: { name } })
  })
  const unit = (await listUnits(ctx)).find((u) => u.id === input.id)
  if (!unit) throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị.', ['id'])
  return unit
}

/** Creates a list of drafts (parents before children) inside the caller's transaction. */
export async function insertUnitDrafts(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  drafts: UnitDraft[],
  path: (string | number)[],
): Promise<string[]> {
  const ids: string[] = []
  const codes = new Set<string>()
  for (const [i, raw] of drafts.entries()) {
    const d = UnitDraftSchema.parse(raw)
    let parentId: string | null = null
    if (d.parentIndex !== null) {
      if (d.parentIndex >= i)
        throw new ApiError('BAD_INPUT', 'Đơn vị cấp trên phải đứng trước trong danh sách.', [...path, i, 'parentIndex'])
      parentId = ids[d.parentIndex]!
    }
    if (d.code) {
      if (codes.has(d.code)) throw new ApiError('BAD_INPUT', `Mã đơn vị "${d.code}" bị trùng.`, [...path, i, 'code'])
      codes.add(d.code)
      await assertCodeFree(trx, d.code, [...path, i, 'code'])
    }
    const row = newRow(ctx, parentId, d.kind, d.code, d.name)
    await trx.insertInto('admin_units').values(row).execute()
    await audit(trx, ctx, { entity: 'admin_unit', entityId: row.id, action: 'create', after: row })
    ids.push(row.id)
  }
  return ids
}

async function assertCodeFree(trx: Kysely<Database>, code: string, path: (string | number)[]): Promise<void> {
  if (!code) return
  // Among this database's own units: at the province, offices' units carry their office's code.
  if (await trx.selectFrom('admin_units').select('id').where('office_code', '=', '').where('code', '=', code).executeTakeFirst()) {
    throw new ApiError('CONFLICT', `Mã đơn vị "${code}" đã có.`, path)
  }
}

function newRow(ctx: ServiceContext, parentId: string | null, kind: UnitKind, code: string, name: string) {
  const at = ctx.now().toISOString()
  return { id: randomUUID(), parent_id: parentId, kind, code, name, name_folded: fold(name), active: 1, created_at: at, updated_at: at }
}

function toUnit(r: Omit<Selectable<AdminUnitTable>, 'office_code'>, formerNames: { name: string; until: string }[]): AdminUnit {
  return {
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind as UnitKind,
    code: r.code,
    name: r.name,
    formerNames,
    active: r.active === 1,
  }
}
