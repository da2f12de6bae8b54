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
import { fold } from '@shared/text/fold'
import { viSortKey } from '@shared/text/sort-key'
import type { Database } from '../../store/schema'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import { assertResultEditable } from '../reviews/lock'
import { buildAssessment } from './assess'
import { loadDetail } from './read'
import { searchText } from '@shared/text/search-terms'
import { codeNumber, CODE_PREFIX, formatCode, memberRow } from './rows'
import { searchIndexWriter } from './search-index'
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
    const existing = input.id
      ? await trx.selectFrom('households').select(['search_rowid', 'search_text', 'created_at']).where('id', '=', id).executeTakeFirst()
      : undefined
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
    const text = searchText(code, members)
    // The index is written on the store's one connection, so inside this transaction.
    const index = searchIndexWriter(ctx.store)
    const searchRowid = existing?.search_rowid ?? index.nextKey()
    const sortKey = viSortKey(head.fullName)
    index.write(searchRowid, existing?.search_rowid == null ? null : existing.search_text, text, sortKey)
    const row = {
      id,
      code,
      unit_id: h.unitId,
      head_name: head.fullName,
      head_name_folded: fold(head.fullName),
      head_name_sort: sortKey,
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
      search_rowid: searchRowid,
      search_text: text,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    }
    if (before) await trx.updateTable('households').set(row).where('id', '=', id).execute()
    else
      await trx
        .insertInto('households')
        .values({ ...row, latest_year: null, latest_class: null })
        .execute()
    await trx.deleteFrom('household_members').where('household_id', '=', id).execute()
    await trx
      .insertInto('household_members')
      .values(members.map((m, i) => memberRow(id, m, i)))
      .execute()

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
      await trx.deleteFrom('household_assessments').where('household_id', '=', id).where('year', '=', year).execute()
      await trx.insertInto('household_assessments').values(a).execute()
    }
    await refreshLatest(trx, id)
    after = await loadDetail(trx, id)
    await audit(trx, ctx, { entity: 'household', entityId: id, action: before ? 'update' : 'create', before: before ?? undefined, after })
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

/** Keeps the newest year's class on the household row, for the unfiltered list. */
export async function refreshLatest(trx: Transaction<Database>, id: string): Promise<void> {
  const latest = await trx
    .selectFrom('household_assessments')
    .select(['year', 'classification'])
    .where('household_id', '=', id)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst()
  await trx
    .updateTable('households')
    .set({ latest_year: latest?.year ?? null, latest_class: latest?.classification ?? null })
    .where('id', '=', id)
    .execute()
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
