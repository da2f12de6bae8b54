import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { AdminUnit, UnitDraft, UnitKind } from '@shared/domain/units'
import { UnitDraftSchema } from '@shared/domain/units'
import { fold } from '@shared/text/fold'
import { householdWriter } from '../store/households'
import type { AdminUnitTable, Database } from '../store/schema'
import { OFFICE_LEVELS } from '@shared/domain/office-levels'
import { audit } from './audit'
import { requireOffice } from './office'
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
  // At a commune office every unit hangs under its own commune: a village given no parent goes there.
  const own = OFFICE_LEVELS[(await requireOffice(ctx)).level].ownKind
  let parentId = input.parentId
  if (parentId === null && own && draft.kind !== own) {
    parentId =
      (
        await ctx.store.db
          .selectFrom('admin_units')
          .select('id')
          .where('kind', '=', own)
          .where('parent_id', 'is', null)
          .where('office_code', '=', '')
          .executeTakeFirst()
      )?.id ?? null
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    if (parentId && !(await trx.selectFrom('admin_units').select('id').where('id', '=', parentId).executeTakeFirst())) {
      throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị cấp trên.', ['parentId'])
    }
    await assertCodeFree(trx, draft.code, ['code'])
    row = newRow(ctx, parentId, draft.kind, draft.code, draft.name)
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

/**
 * Merges one unit into another of the same kind (two villages joined into one, as the reform did to
 * communes): its households and the units under it move to the other, it stays in the database
 * inactive, and its name is kept among the other's former names with the date, so lists that still
 * name it are matched. One transaction, audited.
 */
export async function mergeUnits(ctx: ServiceContext, input: { fromId: string; intoId: string }): Promise<AdminUnit> {
  const at = ctx.now().toISOString()
  await ctx.store.db.transaction().execute(async (trx) => {
    const [from, into] = await Promise.all(
      [input.fromId, input.intoId].map((id) => trx.selectFrom('admin_units').selectAll().where('id', '=', id).executeTakeFirst()),
    )
    if (!from) throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị cần sáp nhập.', ['fromId'])
    if (!into) throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị nhận sáp nhập.', ['intoId'])
    if (from.id === into.id) throw new ApiError('BAD_INPUT', 'Không thể sáp nhập một đơn vị vào chính nó.', ['intoId'])
    if (from.kind !== into.kind) {
      throw new ApiError('BAD_INPUT', `Chỉ sáp nhập được hai đơn vị cùng cấp: "${from.name}" và "${into.name}" khác cấp.`, ['intoId'])
    }
    if (!from.active || !into.active) throw new ApiError('BAD_INPUT', 'Đơn vị đã được sáp nhập trước đó.', ['fromId'])
    const moved = householdWriter(ctx.store).moveUnit(from.id, into.id, at)
    await trx.updateTable('admin_units').set({ parent_id: into.id, updated_at: at }).where('parent_id', '=', from.id).execute()
    await trx.updateTable('admin_units').set({ active: 0, updated_at: at }).where('id', '=', from.id).execute()
    await trx.insertInto('admin_unit_names').values({ unit_id: into.id, name: from.name, until: at }).execute()
    await audit(trx, ctx, {
      entity: 'admin_unit',
      entityId: from.id,
      action: 'merge',
      before: { name: from.name, active: true },
      after: { mergedInto: into.id, name: into.name, households: moved },
    })
  })
  const unit = (await listUnits(ctx)).find((u) => u.id === input.intoId)
  if (!unit) throw new ApiError('NOT_FOUND', 'Không tìm thấy đơn vị nhận sáp nhập.', ['intoId'])
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
