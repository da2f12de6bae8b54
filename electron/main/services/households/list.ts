import { sql, type SelectQueryBuilder } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { ListQuerySchema, type HouseholdRow, type ListQuery, type ListResult } from '@shared/domain/household-views'
import { searchForm } from '@shared/text/search-terms'
import type { Database } from '../../store/schema'
import type { ServiceContext } from '../context'
import { cached } from './list-cache'
import { loadRows, ROWID } from './list-rows'
import { COUNT_CAP, searchPage } from './list-search'

/**
 * Below this many households in a year (or year and class), the page is read from that year's
 * index and sorted; above it, walking the name index and checking each household's year stops
 * after a page's worth of matches sooner than sorting them all would.
 */
const SPARSE_YEAR = 3_000

export type Q = SelectQueryBuilder<Database, 'households', object>
export type Query = ReturnType<typeof ListQuerySchema.parse>

/**
 * One page of the register, filtered and sorted in Vietnamese order. Search ignores case and
 * diacritics (đ → d) and finds households where a word of any member's name, a citizen ID or the
 * code starts with the typed text (list-search.ts).
 *
 * The page is found in two steps: first the rowids of the page (on indexes only, so skipping
 * 400,000 rows to reach the end of the list walks an index, not the table and its joins), then the
 * display columns of those ≤ 500 households. The query plans were checked with EXPLAIN QUERY PLAN
 * at 100,000 and 500,000 households (tests/bench/households-search.bench.ts).
 */
export async function listHouseholds(ctx: ServiceContext, raw: ListQuery): Promise<ListResult> {
  const q = ListQuerySchema.parse(raw)
  const search = searchForm(q.search)
  const searching = search.length > 0
  const { rowids, total, capped } = searching
    ? await searchPage(ctx, q, search, { base: (b) => yearExists(baseFilters(b, q), q), ordered: (b) => ordered(b, q) })
    : await browsePage(ctx, q)
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

async function browsePage(ctx: ServiceContext, q: Query) {
  const db = ctx.store.db
  const b: Q = baseFilters(db.selectFrom('households'), q)
  const onlyYear = !q.unitId && !q.specialGroup
  const countKey = JSON.stringify(['count', { ...q, offset: 0, limit: 0 }])
  const { total, capped } = await cached(ctx.store, countKey, async () => {
    if (q.year !== null && onlyYear) {
      // Households with an assessment that year = assessments that year ((household_id, year) is unique): an index range count.
      let c = db
        .selectFrom('household_assessments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('year', '=', q.year)
      if (q.classification) c = c.where('classification', '=', q.classification)
      return { total: Number((await c.executeTakeFirstOrThrow()).n), capped: false }
    }
    if (!q.specialGroup) {
      const n = await yearExists(b, q)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return { total: Number(n.n), capped: false }
    }
    // LIKE on the groups cannot use an index: count up to the cap only.
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
    return { total: n, capped: n > COUNT_CAP }
  })
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

/** Households per page when the whole list is walked: one page's worth is read, written out and dropped. */
export const STREAM_ROWS = 500

export type WalkQuery = Omit<ListQuery, 'offset' | 'limit' | 'search'>

/**
 * One page of every household the filters keep (no search), in the list's order, after `after`
 * (the `next` of the page before; null for the first). The next page starts after the last
 * (sort key, rowid) seen, on the same index the page uses, so the 600th page of a
 * 300,000-household register costs what the first does (an OFFSET would walk every row before it)
 * and a caller walking the register holds one page whatever its size. `next` is null at the end.
 */
export async function listHouseholdsFrom(
  ctx: ServiceContext,
  raw: WalkQuery,
  after: string | null,
): Promise<{ rows: HouseholdRow[]; next: string | null }> {
  const q = ListQuerySchema.parse({ ...raw, search: '', offset: 0, limit: STREAM_ROWS })
  const column = q.sort === 'code' ? 'households.code' : 'households.head_name_sort'
  let page = ordered(yearExists(baseFilters(ctx.store.db.selectFrom('households'), q), q), q).select(sql.ref<string>(column).as('sort_key'))
  if (after !== null) {
    const { key, rowid } = readCursor(after)
    page = page.where(sql<boolean>`(${sql.ref(column)}, ${ROWID}) > (${key}, ${rowid})`)
  }
  const found = await page.limit(STREAM_ROWS).execute()
  const rows = await loadRows(
    ctx,
    found.map((r) => Number(r.rowid)),
    q.year,
  )
  const last = found[found.length - 1]
  // A short page is the last one: no call is made only to learn that nothing follows.
  const next = last && found.length === STREAM_ROWS ? writeCursor(String(last.sort_key), Number(last.rowid)) : null
  return { rows, next }
}

/** The cursor is the last row's sort key and rowid; the key holds control characters (viSortKey), hence base64. */
function writeCursor(key: string, rowid: number): string {
  return Buffer.from(JSON.stringify([key, rowid]), 'utf8').toString('base64url')
}

function readCursor(cursor: string): { key: string; rowid: number } {
  try {
    const [key, rowid] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof key === 'string' && Number.isSafeInteger(rowid)) return { key, rowid: rowid as number }
  } catch {
    // said below
  }
  throw new ApiError('BAD_INPUT', 'Con trỏ trang không hợp lệ; hãy đọc lại danh sách từ đầu.', ['after'])
}
