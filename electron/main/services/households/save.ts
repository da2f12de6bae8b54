import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import {
  HouseholdInputSchema,
  SupportInputSchema,
  type Classification,
  type HouseholdInput,
  type Member,
  type SupportInput,
} from '@shared/domain/households'
import type { HouseholdDetail } from '@shared/domain/household-views'
import { householdWriter } from '../../store/households'
import type { Database } from '../../store/schema'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { assertResultEditable } from '../reviews/lock'
import { buildAssessment } from './assess'
import { loadDetail } from './read'
import { codeNumber, CODE_PREFIX, formatCode } from './rows'
import { standardForAssessment } from './standards'
import { checkHousehold } from './validate'

/**
 * Creates or updates a household, its members and (optionally) one year's assessment, in one
 * transaction with one audit row holding the whole before and after. Field problems come back as
 * BAD_INPUT with the field's path, so the form shows each message next to its field.
 */
export async function saveHousehold(ctx: ServiceContext, raw: HouseholdInput): Promise<HouseholdDetail> {
  const input = HouseholdInputSchema.parse(raw)
  const office = await requireOffice(ctx)
  const now = ctx.now()
  const first = checkHousehold(input, now.toISOString().slice(0, 10))[0]
  if (first) throw new ApiError('BAD_INPUT', first.message, first.path)
  const standard = input.assessment ? await standardForAssessment(ctx, input.assessment.year) : null
  const at = now.toISOString()
  const id = input.id ?? randomUUID()
  let after: HouseholdDetail | null = null

  await ctx.store.db.transaction().execute(async (trx) => {
    const before = input.id ? await loadDetail(trx, input.id) : null
    if (input.id && !before) throw new ApiError('NOT_FOUND', 'Không tìm thấy hộ gia đình.', ['id'])
    const existing = input.id ? await trx.selectFrom('households').select('created_at').where('id', '=', id).executeTakeFirst() : undefined
    if (!(await trx.selectFrom('admin_units').select('id').where('id', '=', input.household.unitId).executeTakeFirst())) {
      throw new ApiError('BAD_INPUT', 'Không tìm thấy thôn/bản/tổ dân phố đã chọn.', ['household', 'unitId'])
    }
    await assertCitizenIdsFree(trx, id, input.members)
    const code = input.household.code || (await nextCode(trx, office.id))
    const taken = await trx
      .selectFrom('households')
      .select('id')
      .where('office_id', '=', office.id)
      .where('code', '=', code)
      .where('id', '<>', id)
      .executeTakeFirst()
    if (taken) throw new ApiError('CONFLICT', `Mã hộ ${code} đã được dùng cho hộ khác.`, ['household', 'code'])

    const keep = new Set(before?.members.map((m) => m.id) ?? [])
    const members: Member[] = input.members.map((m) => ({ ...m, id: m.id && keep.has(m.id) ? m.id : randomUUID() }))
    const head = members.find((m) => m.relationship === 'head')!
    const h = input.household
    const memberCount = members.length
    const writer = householdWriter(ctx.store)
    const row = {
      id,
      code,
      unit_id: h.unitId,
      head_name: head.fullName,
      area_type: h.areaType,
      ethnicity: h.ethnicity || head.ethnicity,
      address: h.address,
      phone: h.phone,
      notes: h.notes,
      office_id: office.id,
      member_count: memberCount,
      special_groups: JSON.stringify(h.specialGroups),
      poverty_causes: JSON.stringify(h.povertyCauses),
      livelihood: h.livelihood,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    }
    // The writer's statements run on the store's one connection, so inside this transaction.
    if (before) writer.update(row, members)
    else writer.create(row, members, [])

    if (input.assessment && standard) {
      const year = input.assessment.year
      // Approved review results are locked until an approver reopens them (reviews domain).
      if (before) await assertResultEditable(trx, id, year, ['assessment', 'year'])
      const prev = before?.assessments.find((a) => a.year === year - 1)?.classification ?? null
      const same = before?.assessments.find((a) => a.year === year)
      const { row: a } = buildAssessment({
        householdId: id,
        standard,
        areaType: h.areaType,
        input: input.assessment,
        members,
        memberCount,
        previous: prev as Classification | null,
        livelihood: h.livelihood,
        existingId: same?.id,
        at,
      })
      writer.setAssessment(a)
    }
    after = await loadDetail(trx, id)
    writer.audit({
      at,
      actor: ctx.actor(),
      entity: 'household',
      entityId: id,
      action: before ? 'update' : 'create',
      before: before ?? undefined,
      after,
    })
  })
  return after!
}

async function assertCitizenIdsFree(trx: Transaction<Database>, householdId: string, members: readonly { citizenId: string }[]) {
  const ids = members.map((m) => m.citizenId).filter(Boolean)
  if (!ids.length) return
  const clash = await trx
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.citizen_id', 'h.code', 'h.head_name'])
    .where('m.citizen_id', 'in', ids)
    // The unique index is partial (citizen_id <> ''); SQLite uses it only when the query says so too.
    .where('m.citizen_id', '<>', sql.lit(''))
    .where('m.household_id', '<>', householdId)
    .executeTakeFirst()
  if (clash) {
    const i = members.findIndex((m) => m.citizenId === clash.citizen_id)
    throw new ApiError('CONFLICT', `Số CCCD ${clash.citizen_id} đã có trong hộ ${clash.code} (chủ hộ ${clash.head_name}).`, [
      'members',
      i,
      'citizenId',
    ])
  }
}

export async function nextCode(trx: Transaction<Database>, officeId: string): Promise<string> {
  const last = await trx
    .selectFrom('households')
    .select('code')
    .where('office_id', '=', officeId)
    .where('code', 'like', `${CODE_PREFIX}%`)
    .orderBy('code', 'desc')
    .limit(1)
    .executeTakeFirst()
  return formatCode(codeNumber(last?.code) + 1)
}

/** Records support a household received (policy, programme project 1–7, date, amount); audited. */
export async function addSupport(ctx: ServiceContext, raw: SupportInput): Promise<HouseholdDetail> {
  const s = SupportInputSchema.parse(raw)
  let after: HouseholdDetail | null = null
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await loadDetail(trx, s.householdId)
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy hộ gia đình.', ['householdId'])
    const row = {
      id: randomUUID(),
      household_id: s.householdId,
      policy: s.policy,
      project: s.project,
      date: s.date,
      amount: s.amount,
      note: s.note,
      created_at: ctx.now().toISOString(),
    }
    await trx.insertInto('household_support').values(row).execute()
    after = await loadDetail(trx, s.householdId)
    await audit(trx, ctx, { entity: 'household', entityId: s.householdId, action: 'support', before, after })
  })
  return after!
}
