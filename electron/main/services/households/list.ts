import { sql, type SelectQueryBuilder } from 'kysely'
import { ListQuerySchema, type ListQuery, type ListResult } from '@shared/domain/household-views'
import { fold } from '@shared/text/fold'
import type { Database } from '../../store/schema'
import type { ServiceContext } from '../context'

/** Counting every match of a very common word ("nguyen") costs more than the page itself; past this the total says "more than". */
const COUNT_CAP = 10_000

/** The trigram phrase for a folded search text: quoted, so "van a" is one substring, never FTS syntax. */
export function ftsPhrase(folded: string): string {
  return `"${folded.replace(/"/g, '""')}"`
}

type Q = SelectQueryBuilder<Database, 'households', object>

/**
 * One page of the register, filtered and sorted in Vietnamese order. Search ignores case and
 * diacritics (đ → d) and finds any member's name or citizen ID, or the code: three characters or
 * more go through the trigram index; one or two match the start of the head's folded name.
 */
export async function listHouseholds(ctx: ServiceContext, raw: ListQuery): Promise<ListResult> {
  const q = ListQuerySchema.parse(raw)
  const db = ctx.store.db
  const search = fold(q.search)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()

  const filtered = (base: Q): Q => {
    let b = base
    if (q.year !== null) {
      b = b.where('households.id', 'in', (eb) => {
        let sub = eb.selectFrom('household_assessments as a').select('a.household_id').where('a.year', '=', q.year!)
        if (q.classification) sub = sub.where('a.classification', '=', q.classification)
        return sub
      })
    } else if (q.classification) b = b.where('households.latest_class', '=', q.classification)
    if (q.unitId) {
      const unit = q.unitId
      b = b.where('households.unit_id', 'in', (eb) =>
        eb
          .selectFrom('admin_units')
          .select('id')
          .where((w) => w.or([w('id', '=', unit), w('parent_id', '=', unit)])),
      )
    }
    if (q.specialGroup) b = b.where('households.special_groups', 'like', `%"${q.specialGroup}"%`)
    if (search.length >= 3) {
      b = b.where('households.search_rowid', 'in', (eb) =>
        eb
          .selectFrom('household_fts')
          .select('rowid')
          .where(sql<boolean>`household_fts match ${ftsPhrase(search)}`),
      )
    } else if (search) {
      b = b.where('households.head_name_folded', '>=', search).where('households.head_name_folded', '<', `${search}\uffff`)
    }
    return b
  }

  const base: Q = db.selectFrom('households')
  const counted =
    search || q.specialGroup
      ? await db
          .selectFrom(
            filtered(base)
              .select('households.id')
              .limit(COUNT_CAP + 1)
              .as('m'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      : await filtered(base)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
  const total = Number(counted.n)

  const year = q.year
  const rows = await filtered(base)
    .leftJoin('admin_units as u', 'u.id', 'households.unit_id')
    .leftJoin('household_assessments as a', (j) =>
      year !== null
        ? j.onRef('a.household_id', '=', 'households.id').on('a.year', '=', year)
        : j.onRef('a.household_id', '=', 'households.id').onRef('a.year', '=', 'households.latest_year'),
    )
    .select([
      'households.id',
      'households.code',
      'households.head_name',
      'u.name as unit_name',
      'households.area_type',
      'households.member_count',
      'a.year',
      'a.classification',
      'a.income_per_person_month',
    ])
    .orderBy(q.sort === 'code' ? 'households.code' : 'households.head_name_sort')
    .orderBy('households.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute()

  return {
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      headName: r.head_name,
      unitName: r.unit_name ?? '',
      areaType: r.area_type,
      memberCount: r.member_count,
      year: r.year ?? null,
      classification: r.classification ?? null,
      incomePerPersonMonth: r.income_per_person_month ?? null,
    })),
  }
}
