import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { OfficeFields, OfficeProfile } from '@shared/domain/office'
import { OfficeFieldsSchema } from '@shared/domain/office'
import { defaultLevel, OFFICE_LEVELS } from '@shared/domain/office-levels'
import type { UnitDraft } from '@shared/domain/units'
import type { OfficeTable } from '../store/schema'
import { audit } from './audit'
import type { ServiceContext } from './context'
import { findStandard } from './standards'
import { insertUnitDrafts } from './units'
import { UnitDraftSchema } from '@shared/domain/units'
import { ownUnitName, unitsUnderOffice, type OfficeLevel } from '@shared/domain/office-levels'
import type { z } from 'zod'
import { insertUserRow, newUserRow } from './users/accounts'
import type { NewUser } from '@shared/domain/users'

type OfficeFieldsValue = z.output<typeof OfficeFieldsSchema>

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
 * The unit tree follows the office's level (unitsForLevel); `requireUnits` (the app's first run)
 * refuses to finish with fewer units under the office than the level needs, since a clerk could
 * then record no household.
 */
export async function setupOffice(
  ctx: ServiceContext,
  input: { office: OfficeFields; units: UnitDraft[]; admin?: Omit<NewUser, 'role'>; requireUnits?: boolean },
): Promise<OfficeProfile> {
  const fields = OfficeFieldsSchema.parse(input.office)
  const level = fields.level ?? defaultLevel(fields.mode)
  const units = unitsForLevel(level, fields, input.units, input.requireUnits ?? false)
  await checkStandard(ctx, fields.standardId, ['office', 'standardId'])
  const adminRow = input.admin ? await newUserRow(ctx, { ...input.admin, role: 'admin' }) : null
  const at = ctx.now().toISOString()
  const row: OfficeTable = {
    id: randomUUID(),
    code: fields.code,
    name: fields.name,
    province_code: fields.provinceCode,
    province_name: fields.provinceName,
    mode: fields.level ? OFFICE_LEVELS[level].mode : fields.mode,
    level,
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
    await insertUnitDrafts(trx, ctx, units, ['units'])
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
    // Older callers that do not name the level keep the one recorded.
    mode: fields.level ? OFFICE_LEVELS[fields.level].mode : fields.mode,
    level: fields.level ?? before.level,
    standard_id: fields.standardId,
    updated_at: ctx.now().toISOString(),
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.updateTable('office').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, { entity: 'office', entityId: before.id, action: 'update', before, after })
  })
  return toProfile(after)
}

/**
 * The units to create for an office of this level. A commune office is itself a commune: its own
 * commune is the root (created from the office when the list has none) and the villages hang under
 * it; a list naming a second commune belongs to a district office and is refused.
 */
function unitsForLevel(level: OfficeLevel, office: OfficeFieldsValue, raw: UnitDraft[], requireUnits: boolean): UnitDraft[] {
  const rule = OFFICE_LEVELS[level]
  let drafts = raw.map((d, i) => {
    const parsed = UnitDraftSchema.safeParse(d)
    if (!parsed.success) throw new ApiError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Đơn vị không hợp lệ.', ['units', i])
    return parsed.data
  })
  if (rule.ownKind) {
    const own = drafts.map((d, i) => ({ d, i })).filter(({ d }) => d.kind === rule.ownKind)
    if (own.length > 1) {
      const other = own.find(({ d }) => d.code !== office.code) ?? own[1]!
      throw new ApiError(
        'BAD_INPUT',
        `Đơn vị cấp xã chỉ quản lý địa bàn của chính mình: "${other.d.name}" là một xã/phường khác. Hãy bỏ đơn vị này, hoặc chọn cấp huyện nếu văn phòng quản lý nhiều xã.`,
        ['units', other.i, 'kind'],
      )
    }
    if (own.length === 0) {
      const root = { kind: rule.ownKind, code: office.code, name: ownUnitName(office.name), parentIndex: null }
      drafts = [root, ...drafts.map((d) => ({ ...d, parentIndex: d.parentIndex === null ? 0 : d.parentIndex + 1 }))]
    } else {
      const rootIndex = own[0]!.i
      drafts = drafts.map((d, i) => (d.parentIndex === null && i !== rootIndex && i > rootIndex ? { ...d, parentIndex: rootIndex } : d))
    }
  }
  if (requireUnits && unitsUnderOffice(level, drafts) < rule.minUnits) {
    throw new ApiError(
      'BAD_INPUT',
      `Chưa có ${rule.unitNoun} nào. Hãy thêm ít nhất một ${rule.unitNoun} (gõ tên hoặc nhập từ tệp) để có nơi ghi hộ; có thể thêm tiếp sau trong Cài đặt.`,
      ['units'],
    )
  }
  return drafts
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
    level: r.level,
    standardId: r.standard_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}
