import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { DismissDuplicateSchema, type DismissDuplicate, type DuplicateGroup } from '@shared/domain/household-views'
import { formatDate } from '@shared/text/format'
import { audit } from '../audit'
import type { ServiceContext } from '../context'

type Reason = DuplicateGroup['reason']

/** What a dismissal's audit row says, for the household's trail (changes.ts). */
export interface DismissalAudit {
  reason: Reason
  /** Codes of the other households of the group. */
  others: string[]
  note: string
}
interface Match {
  id: string
  code: string
  head_name: string
  full_name: string
}

/** The birth date as the clerk reads it: the year alone, or dd/mm/yyyy. */
const birth = (d: string) => (d.length === 4 ? d : formatDate(d))

async function membersOf(ctx: ServiceContext, reason: Reason, matchKey: string): Promise<Match[]> {
  const q = ctx.store.db
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['h.id', 'h.code', 'h.head_name', 'm.full_name'])
    .orderBy('h.code')
  if (reason === 'citizen_id') return q.where('m.citizen_id', '=', matchKey).where('m.citizen_id', '<>', sql.lit('')).execute()
  // The folded name and birth date, as findDuplicates joined them.
  const at = matchKey.lastIndexOf('|')
  return q
    .where('m.full_name_folded', '=', matchKey.slice(0, at))
    .where('m.birth_date', '=', matchKey.slice(at + 1))
    .execute()
}

/** The dismissal's identity: the group and exactly its households. */
const groupId = (reason: Reason, matchKey: string, ids: readonly string[]) =>
  `${reason}\n${matchKey}\n${[...new Set(ids)].sort().join(',')}`

/**
 * Households that may be the same family entered twice, for the clerk to resolve: the same
 * citizen ID in two households (an office's save and import refuse that, but registers that came
 * from older files or a province's consolidation can hold it), and the same folded name with the
 * same birth date. Groups the clerk dismissed as different families are left out while they hold
 * exactly the same households.
 */
export async function findDuplicates(ctx: ServiceContext, limit = 200): Promise<DuplicateGroup[]> {
  const db = ctx.store.db
  const byCitizenId = await db
    .selectFrom('household_members')
    .select('citizen_id')
    // The citizen-ID index is partial; SQLite uses it only when the query states its condition literally.
    .where('citizen_id', '<>', sql.lit(''))
    .groupBy('citizen_id')
    .having(sql<boolean>`count(distinct household_id) > 1`)
    .limit(limit)
    .execute()
  const byNameBirth = await db
    .selectFrom('household_members')
    .select(['full_name_folded', 'birth_date'])
    .groupBy(['full_name_folded', 'birth_date'])
    .having(sql<boolean>`count(distinct household_id) > 1`)
    .limit(limit)
    .execute()
  const dismissed = new Set(
    (await db.selectFrom('household_duplicate_dismissals').select(['reason', 'match_key', 'household_ids']).execute()).map(
      (d) => `${d.reason}\n${d.match_key}\n${d.household_ids}`,
    ),
  )
  const keys: { reason: Reason; matchKey: string; shown: (first: Match | undefined) => string }[] = [
    ...byCitizenId.map((k) => ({ reason: 'citizen_id' as const, matchKey: k.citizen_id, shown: () => k.citizen_id })),
    ...byNameBirth.map((k) => ({
      reason: 'name_birth' as const,
      matchKey: `${k.full_name_folded}|${k.birth_date}`,
      shown: (first: Match | undefined) => `${first?.full_name ?? k.full_name_folded} · ${birth(k.birth_date)}`,
    })),
  ]
  const groups: DuplicateGroup[] = []
  for (const k of keys) {
    const members = await membersOf(ctx, k.reason, k.matchKey)
    if (
      dismissed.has(
        groupId(
          k.reason,
          k.matchKey,
          members.map((m) => m.id),
        ),
      )
    )
      continue
    groups.push({
      reason: k.reason,
      key: k.shown(members[0]),
      matchKey: k.matchKey,
      households: members.map((m) => ({ id: m.id, code: m.code, headName: m.head_name, memberName: m.full_name })),
    })
  }
  return groups
}

/**
 * The clerk checked a group and found different families (two "Nguyễn Văn An" born the same day
 * is common enough). Refused when the group no longer holds exactly these households, so a
 * dismissal is never taken for a group the clerk did not see. Audited on every household of it.
 */
export async function dismissDuplicate(ctx: ServiceContext, raw: DismissDuplicate): Promise<{ dismissed: true }> {
  const input = DismissDuplicateSchema.parse(raw)
  const members = await membersOf(ctx, input.reason, input.matchKey)
  const now = [...new Set(members.map((m) => m.id))].sort()
  const seen = [...new Set(input.householdIds)].sort()
  if (now.length < 2 || now.join(',') !== seen.join(',')) {
    throw new ApiError('CONFLICT', 'Nhóm hộ này đã thay đổi (có hộ được sửa hoặc thêm). Hãy xem lại danh sách rồi xác nhận lại.', [
      'householdIds',
    ])
  }
  const codes = new Map(members.map((m) => [m.id, m.code]))
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('household_duplicate_dismissals')
      .values({
        id: randomUUID(),
        reason: input.reason,
        match_key: input.matchKey,
        household_ids: now.join(','),
        note: input.note,
        actor: ctx.actor(),
        at: ctx.now().toISOString(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute()
    for (const id of now) {
      const after: DismissalAudit = {
        reason: input.reason,
        others: now.filter((x) => x !== id).map((x) => codes.get(x) ?? x),
        note: input.note,
      }
      await audit(trx, ctx, { entity: 'household', entityId: id, action: 'duplicate.dismiss', after })
    }
  })
  return { dismissed: true }
}
