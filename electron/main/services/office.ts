import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { OfficeFields, OfficeProfile } from '@shared/domain/office'
import { OfficeFieldsSchema } from '@shared/domain/office'
import type { UnitDraft } from '@shared/domain/units'
import type { OfficeTable } from '../store/schema'
import { audit } from './audit'
import type { ServiceContext } from './context'
import { findStandard } from './standards'
import { insertUnitDrafts } from './units'
import { insertUserRow, newUserRow } from './users/accounts'
import type { NewUser } from '@shared/domain/users'

export async function getOffice(ctx: ServiceContext): Promise<OfficeProfile | null> {
  const row = await ctx.store.db.selectFrom('office').selectAll().executeTakeFirst()
  return row ? toProfile(row) : null
}

export async function requireOffice(ctx: ServiceContext): Promise<OfficeProfile> {
  const office = await getOffice(ctx)
  if (!office) throw new ApiError('NOT_SET_UP', 'Chưa thiết lập đơn vị. Hãy hoàn tất bước thiết lập lần đầu.')
  return office
}

/**
 * First run: the office profile, its administrative units and (from the app) the first admin
 * account, all or nothing. The CLI's init creates no account: the app asks for one on first start.
 */
export async function setupOffice(
  ctx: ServiceContext,
  input: { office: OfficeFields; units: UnitDraft[]; admin?: Omit<NewUser, 'role'> },
): Promise<OfficeProfile> {
  const fields = OfficeFieldsSchema.parse(input.office)
  await checkStandard(ctx, fields.standardId, ['office', 'standardId'])
  const adminRow = input.admin ? await newUserRow(ctx, { ...input.admin, role: 'admin' }) : null
  const at = ctx.now().toISOString()
  const row: OfficeTable = {
    id: randomUUID(),
    code: fields.code,
    name: fields.name,
    province_code: fields.provinceCode,
    province_name: fields.provinceName,
    mode: fields.mode,
    standard_id: fields.standardId,
    created_at: at,
    updated_at: at,
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    // Checked inside the transaction so two windows cannot both set up the office.
    if (await trx.selectFrom('office').select('id').executeTakeFirst()) {
      throw new ApiError('CONFLICT', 'Đơn vị đã được thiết lập; hãy sửa thông tin trong Cài đặt.')
    }
    await trx.insertInto('office').values(row).execute()
    await audit(trx, ctx, { entity: 'office', entityId: row.id, action: 'create', after: row })
    await insertUnitDrafts(trx, ctx, input.units, ['units'])
    if (adminRow) await insertUserRow(trx, ctx, adminRow, ['admin'])
  })
  return toProfile(row)
}

export async function updateOffice(ctx: ServiceContext, input: OfficeFields): Promise<OfficeProfile> {
  const fields = OfficeFieldsSchema.parse(input)
  await checkStandard(ctx, fields.standardId, ['standardId'])
  const before = await ctx.store.db.selectFrom('office').selectAll().executeTakeFirst()
  if (!before) throw new ApiError('NOT_SET_UP', 'Chưa thiết lập đơn vị.')
  const after: OfficeTable = {
    ...before,
    code: fields.code,
    name: fields.name,
    province_code: fields.provinceCode,
    province_name: fields.provinceName,
    mode: fields.mode,
    standard_id: fields.standardId,
    updated_at: ctx.now().toISOString(),
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('office').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'office', entityId: before.id, action: 'update', before, after })
  })
  return toProfile(after)
}

async function checkStandard(ctx: ServiceContext, id: string, path: string[]): Promise<void> {
  if (!(await findStandard(ctx, id))) throw new ApiError('BAD_INPUT', `Không có chuẩn nghèo "${id}".`, path)
}

function toProfile(r: Selectable<OfficeTable>): OfficeProfile {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    provinceCode: r.province_code,
    provinceName: r.province_name,
    mode: r.mode,
    standardId: r.standard_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}
