import { sql } from 'kysely'
import { TERM_MAX, wordStartNeedles } from '@shared/text/search-terms'
import type { ServiceContext } from '../context'
import type { Q, Query } from './list'
import { cached } from './list-cache'
import { ROWID } from './list-rows'

/** Counting every match of a very common word ("nguyen") costs more than the page itself; past this the total says "more than". */
export const COUNT_CAP = 10_000

/** The first string after every string that starts with `prefix` (its last character moved up by one), for a range scan. */
export function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1)
}

interface Plans {
  /** The list's other filters (class, unit, group, year) applied to a query on households. */
  base: (b: Q) => Q
  /** Selects the rowid in the list's order (name or code, then rowid). */
  ordered: (b: Q) => ReturnType<Q['select']>
}

interface Found {
  /** All matches in list order, when there are at most COUNT_CAP of them. */
  sorted: number[] | null
  total: number
}

/**
 * A search: the words of any member's name, a citizen ID or the code that start with the typed
 * text ("van a" finds "Nguyễn Văn An", "0201" finds an ID starting so, "dang" finds "Đặng"). One
 * prefix range on household_search_terms (every word start of every part, migration 0009) finds
 * them, however common the name: at 500,000 households the trigram index this replaced spent
 * 15–45 ms intersecting trigrams of "nguyen van" before returning anything.
 *
 * The matches are read lazily (DISTINCT … LIMIT COUNT_CAP + 1, driven from the term index): a
 * common word stops after 10,001 households instead of materializing all of them. Up to the cap, they are sorted
 * here by their sort key (binary order = Vietnamese order) and kept for the next pages of the same
 * search (list-cache.ts). Past it, the page is found by walking the name index and testing each
 * household's search text, which for so common a term finds a page within a few hundred rows.
 */
export async function searchPage(ctx: ServiceContext, q: Query, search: string, plans: Plans) {
  const db = ctx.store.db
  const prefix = search.slice(0, TERM_MAX)
  // A prefix range on the term index (t is household_search_terms in both queries below).
  const inRange = sql<boolean>`t.term >= ${prefix} and t.term < ${prefixEnd(prefix)}`
  const [atPart, atWord] = wordStartNeedles(search)
  const wordStarts = (b: Q) =>
    b.where((eb) =>
      eb.or([sql<boolean>`instr(households.search_text, ${atPart}) > 0`, sql<boolean>`instr(households.search_text, ${atWord}) > 0`]),
    )
  const key = JSON.stringify(['search', { ...q, offset: 0, limit: 0 }, search])
  const found = await cached<Found>(ctx.store, key, async () => {
    const unfiltered = q.year === null && !q.classification && !q.unitId && !q.specialGroup
    if (unfiltered) {
      // Without other filters the term index alone says whether the term is common: reading its
      // keys is cheap, joining 10,001 households only to learn that is not. DISTINCT streams (a
      // household with two matching words counts once) and the LIMIT stops it at the cap.
      const n = await db
        .selectFrom(
          db
            .selectFrom('household_search_terms as t')
            .where(inRange)
            .select('t.household_key')
            .distinct()
            .limit(COUNT_CAP + 1)
            .as('f'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      if (Number(n.n) > COUNT_CAP) return { sorted: null, total: COUNT_CAP + 1 }
    }
    let driven = plans.base(
      db
        .selectFrom('household_search_terms as t')
        .innerJoin('households', 'households.search_rowid', 't.household_key')
        .where(inRange) as unknown as Q,
    )
    // Terms are cut at TERM_MAX characters: the rest of a longer search is tested on the text.
    if (search.length > TERM_MAX) driven = wordStarts(driven)
    // One household can match twice (two members, or two words of one name); it is listed once.
    const unique = (await driven
      .select([ROWID.as('rowid'), 'households.head_name_sort as k', 'households.code as code'])
      .distinct()
      .limit(COUNT_CAP + 1)
      .execute()) as unknown as { rowid: number; k: string; code: string }[]
    if (unique.length > COUNT_CAP) return { sorted: null, total: COUNT_CAP + 1 }
    const sortKey = q.sort === 'code' ? (r: (typeof unique)[number]) => r.code : (r: (typeof unique)[number]) => r.k
    unique.sort((x, y) => {
      const a = sortKey(x)
      const b = sortKey(y)
      return a < b ? -1 : a > b ? 1 : Number(x.rowid) - Number(y.rowid)
    })
    return { sorted: unique.map((r) => Number(r.rowid)), total: unique.length }
  })
  if (found.sorted) return { rowids: found.sorted.slice(q.offset, q.offset + q.limit), total: found.total, capped: false }

  // Per household, the same word-start test on its search text: cheap for one row, no join.
  const rows = (await plans
    .ordered(wordStarts(plans.base(db.selectFrom('households'))))
    .limit(q.limit)
    .offset(q.offset)
    .execute()) as unknown as { rowid: number }[]
  return { rowids: rows.map((r) => Number(r.rowid)), total: COUNT_CAP, capped: true }
}
