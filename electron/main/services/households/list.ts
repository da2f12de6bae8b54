import { sql, type SelectQueryBuilder } from 'kysely'
import { ListQuerySchema, type ListQuery, type ListResult } from '@shared/domain/household-views'
import { fold } from '@shared/text/fold'
import type { Database } from '../../store/schema'
import type { ServiceContext } from '../context'
import { loadRows, ROWID } from './list-rows'

/** Counting every match of a very common word ("nguyen") costs more than the page itself; past this the total says "more than". */
const COUNT_CAP = 10_000
/**
 * Below this many households in a year (or year and class), the page is read from that year's
 * index and sorted; above it, walking the name index and checking each household's year stops
 * after a page's worth of matches sooner than sorting them all would.
 */
const SPARSE_YEAR = 3_000

/** The trigram phrase for a folded search text: quoted, so "van a" is one substring, never FTS syntax. */
export function ftsPhrase(folded: string): string {
  return `"${folded.replace(/"/g, '""')}"`
}

type Q = SelectQueryBuilder<Database, 'households', object>
type Query = ReturnType<typeof ListQuerySchema.parse>

/**
 * One page of the register, filtered and sorted in Vietnamese order. Search ignores case and
 * diacritics (đ → d) and finds any member's name or citizen ID, or the code: three characters or
 * more go through the trigram index; one or two match the start of the head's folded name.
 *
 * The page is found in two steps: first the rowids of the page (on indexes only, so skipping
 * 400,000 rows to reach the end of the list walks an index, not the table and its joins), then the
 * display columns of those ≤ 500 households. The query plans were checked with EXPLAIN QUERY PLAN
 * at 100,000 and 500,000 households (tests/bench/households-search.bench.ts).
 */
export async function listHouseholds(ctx: ServiceContext, raw: ListQuery): Promise<ListResult> {
  const q = ListQuerySchema.parse(raw)
  const search = fold(q.search)
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const { rowids, total, capped } = search.length >= 3 ? await searchPage(ctx, q, search) : await browsePage(ctx, q, search)
  return { total: capped ? COUNT_CAP : total, totalCapped: capped, rows: await loadRows(ctx, rowids, q.year) }
}

/** Filters other than the year (which each path applies in its own way) and the search. */
function baseFilters(b: Q, q: Query): Q {
  if (q.classification && q.year === null) b = b.where('households.latest_class', '=', q.classification)
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
  return b
}

/** The year filter as a correlated lookup on (household_id, year): cheap per row, so the name index can drive. */
function yearExists(b: Q, q: Query): Q {
  if (q.year === null) return b
  const year = q.year
  return b.where((eb) =>
    eb.exists(
      eb
        .selectFrom('household_assessments as y')
        .select(sql.lit(1).as('one'))
        .whereRef('y.household_id', '=', 'households.id')
        .where('y.year', '=', year)
        .$if(q.classification !== null, (s) => s.where('y.classification', '=', q.classification!)),
    ),
  )
}

function ordered(b: Q, q: Query) {
  // rowid as the tie-break: the name index holds it, so the order needs no extra sort step.
  return b
    .select(ROWID.as('rowid'))
    .orderBy(q.sort === 'code' ? 'households.code' : 'households.head_name_sort')
    .orderBy(ROWID)
}

async function browsePage(ctx: ServiceContext, q: Query, prefix: string) {
  const db = ctx.store.db
  let b: Q = baseFilters(db.selectFrom('households'), q)
  if (prefix) b = b.where('households.head_name_folded', '>=', prefix).where('households.head_name_folded', '<', `${prefix}\uffff`)
  const onlyYear = !q.unitId && !q.specialGroup && !prefix
  let total: number
  let capped = false
  if (q.year !== null && onlyYear) {
    // Households with an assessment that year = assessments that year ((household_id, year) is unique): an index range count.
    let c = db
      .selectFrom('household_assessments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', q.year)
    if (q.classification) c = c.where('classification', '=', q.classification)
    total = Number((await c.executeTakeFirstOrThrow()).n)
  } else if (!q.specialGroup && !prefix) {
    total = Number(
      (
        await yearExists(b, q)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  } else {
    // LIKE on the groups and the name prefix cannot use an index: count up to the cap only.
    const n = Number(
      (
        await db
          .selectFrom(
            yearExists(b, q)
              .select(ROWID.as('rowid'))
              .limit(COUNT_CAP + 1)
              .as('m'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    total = n
    capped = n > COUNT_CAP
  }
  if (total === 0 || q.offset >= total) return { rowids: [], total, capped }

  let page: Q
  if (q.year !== null && total <= SPARSE_YEAR) {
    const year = q.year
    page = b.where('households.id', 'in', (eb) => {
      let sub = eb.selectFrom('household_assessments as a').select('a.household_id').where('a.year', '=', year)
      if (q.classification) sub = sub.where('a.classification', '=', q.classification)
      return sub
    })
  } else page = yearExists(b, q)
  const rows = await ordered(page, q).limit(q.limit).offset(q.offset).execute()
  return { rowids: rows.map((r) => Number(r.rowid)), total, capped }
}

/**
 * A search: the trigram index gives the matching households (all filters applied); up to the cap
 * they are sorted here by their sort key (binary order = Vietnamese order), so the index is read
 * once for both the count and the page. Past the cap, SQLite sorts (rare: a very common word).
 */
async function searchPage(ctx: ServiceContext, q: Query, search: string) {
  const b = yearExists(
    baseFilters(ctx.store.db.selectFrom('households'), q).where('households.search_rowid', 'in', (eb) =>
      eb
        .selectFrom('household_fts')
        .select('rowid')
        .where(sql<boolean>`household_fts match ${ftsPhrase(search)}`),
    ),
    q,
  )
  const found = await b
    .select([ROWID.as('rowid'), 'households.head_name_sort as k', 'households.code as code'])
    .limit(COUNT_CAP + 1)
    .execute()
  if (found.length <= COUNT_CAP) {
    const key = q.sort === 'code' ? (r: (typeof found)[number]) => r.code : (r: (typeof found)[number]) => r.k
    found.sort((x, y) => {
      const a = key(x)
      const c = key(y)
      return a < c ? -1 : a > c ? 1 : Number(x.rowid) - Number(y.rowid)
    })
    return {
      rowids: found.slice(q.offset, q.offset + q.limit).map((r) => Number(r.rowid)),
      total: found.length,
      capped: false,
    }
  }
  const rows = await ordered(b, q).limit(q.limit).offset(q.offset).execute()
  return { rowids: rows.map((r) => Number(r.rowid)), total: found.length, capped: true }
}
