import { sql } from 'kysely'
import type { DuplicateGroup } from '@shared/domain/household-views'
import { formatDate } from '@shared/text/format'
import type { ServiceContext } from '../context'

/**
 * Households that may be the same family entered twice, for the clerk to resolve: the same
 * citizen ID in two households (the unique index stops new ones, imports from older files may
 * still carry them in other spellings), and the same folded name with the same birth date.
 */
export async function findDuplicates(ctx: ServiceContext, limit = 200): Promise<DuplicateGroup[]> {
  const db = ctx.store.db
  const byNameBirth = await db
    .selectFrom('household_members')
    .select(['full_name_folded', 'birth_date'])
    .groupBy(['full_name_folded', 'birth_date'])
    .having(sql<boolean>`count(distinct household_id) > 1`)
    .limit(limit)
    .execute()
  const groups: DuplicateGroup[] = []
  for (const key of byNameBirth) {
    const members = await db
      .selectFrom('household_members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['h.id', 'h.code', 'h.head_name', 'm.full_name'])
      .where('m.full_name_folded', '=', key.full_name_folded)
      .where('m.birth_date', '=', key.birth_date)
      .orderBy('h.code')
      .execute()
    groups.push({
      reason: 'name_birth',
      key: `${members[0]?.full_name ?? key.full_name_folded} · ${key.birth_date.length === 4 ? key.birth_date : formatDate(key.birth_date)}`,
      households: members.map((m) => ({ id: m.id, code: m.code, headName: m.head_name, memberName: m.full_name })),
    })
  }
  return groups
}
