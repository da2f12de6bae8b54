import { sql } from 'kysely'
import { TERM_MAX, termPrefix, wordStartNeedles } from '@shared/text/search-terms'
import type { ServiceContext } from '../context'
import type { Q, Query } from './list'
import { cached } from './list-cache'
import { ROWID } from './list-rows'

/** Counting every match of a very common word ("nguyen") costs more than the page itself; past this the total says "more than". */
export const COUNT_CAP = 10_000

/**
 * An upper bound above every string that starts with `prefix`, for a range scan: the highest code
 * point, which is also last in SQLite's UTF-8 byte order (incrementing the last UTF-16 unit would
 * break a surrogate pair).
 */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`
}

interface Plans {
  /** The list's other filters (class, unit, group, year) applied to a query on households. */
  base: (b: Q) => Q
  /** Selects the rowid in the list's order (name or code, then rowid). */
  ordered: (b: Q) => ReturnType<Q['select']>
}

interface Found {
  /** All matches in list order (rowids), when there are at most COUNT_CAP of them. */
  sorted: number[] | null
  total: number
}

type Match = { id: number; k: string }
const unfiltered = (q: Query) => q.year === null && !q.classification && !q.unitId && !q.specialGroup
const inOrder = (x: Match, y: Match) => (x.k < y.k ? -1 : x.k > y.k ? 1 : x.id - y.id)

/**
 * A search: the words of any member's name, a citizen ID or the code that start with the typed
 * text ("van a" finds "Nguyễn Văn An", "0201" finds an ID starting so, "dang" finds "Đặng"). One
 * prefix range on household_search_terms (every word start of every part, migration 0009) finds
 * them, however common the name: at 500,000 households the trigram index this replaced spent
 * 15–45 ms intersecting trigrams of "nguyen van" before returning anything.
 *
 * Without other filters the term index answers alone: the distinct households in the range are
 * counted up to COUNT_CAP + 1 (integers only, so a common word stops early and cheaply), and a
 * page is the range grouped by household and ordered by the head's sort key that each term row
 * carries (SQLite sorts ~7,000 keys in 4 ms; reading them into JS and sorting there took 12).
 * Equal names come in the order they were registered. With filters, or sorted by code, the range
 * is joined to the households and the ≤ COUNT_CAP matches sorted here and kept for the next pages
 * (list-cache.ts). Past the cap the page is found by walking the heads in name order and testing
 * each household's search text, which for so common a term finds a page within a few thousand
 * index entries.
 */
export async function searchPage(ctx: ServiceContext, q: Query, search: string, plans: Plans) {
  const db = ctx.store.db
  // As the index cut its terms: at TERM_MAX, never inside a surrogate pair, no trailing space.
  const prefix = termPrefix(search)
  // A prefix range on the term index (t is household_search_terms in the queries below).
  const inRange = sql<boolean>`t.term >= ${prefix} and t.term < ${prefixEnd(prefix)}`
  const terms = () => db.selectFrom('household_search_terms as t').where(inRange)
  const [atPart, atWord] = wordStartNeedles(search)
  const wordStarts = (b: Q) =>
    b.where((eb) =>
      eb.or([sql<boolean>`instr(households.search_text, ${atPart}) > 0`, sql<boolean>`instr(households.search_text, ${atWord}) > 0`]),
    )
  const key = JSON.stringify(['search', { ...q, offset: 0, limit: 0 }, search])
  const walk = () => walkPage(ctx, q, wordStarts, plans)

  // Terms are cut at TERM_MAX characters: the rest of a longer search is tested on the households' text.
  if (unfiltered(q) && search.length <= TERM_MAX) {
    const total = await cached(ctx.store, key, async () => {
      const n = await db
        .selectFrom(
          terms()
            .select('t.household_key')
            .distinct()
            .limit(COUNT_CAP + 1)
            .as('f'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(n.n)
    })
    if (total > COUNT_CAP) return walk()
    if (q.sort !== 'code') {
      const keys = await terms()
        .select('t.household_key')
        .groupBy('t.household_key')
        .orderBy(sql`min(t.sort_key)`)
        .orderBy('t.household_key')
        .limit(q.limit)
        .offset(q.offset)
        .execute()
      return {
        rowids: await rowidsOf(
          ctx,
          keys.map((k) => k.household_key),
        ),
        total,
        capped: false,
      }
    }
  }

  const found = await cached<Found>(ctx.store, JSON.stringify(['joined', key]), async () => {
    // CROSS JOIN keeps the term range as the outer loop: with a class filter SQLite would otherwise
    // start from that class's households and rescan the whole range for each one (term is the
    // only usable part of the key), which took seconds at 12,000 households.
    let driven = plans.base(
      db
        .selectFrom('household_search_terms as t')
        .crossJoin('households')
        .whereRef('households.search_rowid', '=', 't.household_key')
        .where(inRange) as unknown as Q,
    )
    if (search.length > TERM_MAX) driven = wordStarts(driven)
    // One household can match twice (two members, or two words of one name); it is listed once.
    const matches = (await driven
      .select([ROWID.as('id'), q.sort === 'code' ? 'households.code as k' : 'households.head_name_sort as k'])
      .distinct()
      .limit(COUNT_CAP + 1)
      .execute()) as unknown as Match[]
    if (matches.length > COUNT_CAP) return { sorted: null, total: COUNT_CAP + 1 }
    return { sorted: matches.sort(inOrder).map((m) => m.id), total: matches.length }
  })
  if (found.sorted) return { rowids: found.sorted.slice(q.offset, q.offset + q.limit), total: found.total, capped: false }
  return walk()
}

/**
 * A page of a search with more than COUNT_CAP matches: the heads in list order, each tested by its
 * search text. Unfiltered and by name, the walk reads only the index households_sort_search
 * (migration 0009), equal names in registration order like the sorted path.
 */
async function walkPage(ctx: ServiceContext, q: Query, wordStarts: (b: Q) => Q, plans: Plans) {
  const db = ctx.store.db
  const walk =
    unfiltered(q) && q.sort !== 'code'
      ? wordStarts(db.selectFrom('households'))
          .select(ROWID.as('rowid'))
          .orderBy('households.head_name_sort')
          .orderBy('households.search_rowid')
      : plans.ordered(wordStarts(plans.base(db.selectFrom('households'))))
  const rows = (await walk.limit(q.limit).offset(q.offset).execute()) as unknown as { rowid: number }[]
  return { rowids: rows.map((r) => Number(r.rowid)), total: COUNT_CAP, capped: true }
}

/** The rowids of households known by their search keys, in the keys' order. */
async function rowidsOf(ctx: ServiceContext, keys: readonly number[]): Promise<number[]> {
  if (keys.length === 0) return []
  const rows = await ctx.store.db
    .selectFrom('households')
    .select([ROWID.as('rowid'), 'search_rowid'])
    .where('search_rowid', 'in', [...keys])
    .execute()
  const byKey = new Map(rows.map((r) => [Number(r.search_rowid), Number(r.rowid)]))
  return keys.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []))
}
