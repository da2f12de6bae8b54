import { sql } from 'kysely'
import type { ServiceContext } from '../context'
import type { Q, Query } from './list'
import { cached } from './list-cache'
import { ROWID } from './list-rows'

/** Counting every match of a very common word ("nguyen") costs more than the page itself; past this the total says "more than". */
export const COUNT_CAP = 10_000

/** The trigram phrase for a folded search text: quoted, so "van a" is one substring, never FTS syntax. */
export function ftsPhrase(folded: string): string {
  return `"${folded.replace(/"/g, '""')}"`
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
 * A search. Digits alone are the start of a citizen ID (CCCD or old CMND), looked up on the
 * citizen-ID index: at 500,000 households an ID fragment matched 120,000 of them through the
 * trigram index and took ~400 ms. One or two letters are the start of a member's folded name
 * (name index). Anything else is a substring of a member's folded name, an ID or the code,
 * through the trigram index.
 *
 * The matches are read lazily (LIMIT COUNT_CAP + 1, driven from the index that matches): a common
 * word stops after 10,001 rows instead of materializing all of them. Up to the cap, they are
 * sorted here by their sort key (binary order = Vietnamese order) and kept for the next pages of
 * the same search (list-cache.ts). Past it, the page is found by walking the name index and
 * testing each household, which for so common a term finds a page within a few hundred rows.
 */
export async function searchPage(ctx: ServiceContext, q: Query, search: string, plans: Plans) {
  const db = ctx.store.db
  // Digits: the start of a citizen ID. One or two letters: the start of a member's name (too short
  // for trigrams). Both are ranges on B-tree indexes of household_members.
  const prefixColumn = /^\d+$/.test(search) ? ('m.citizen_id' as const) : search.length < 3 ? ('m.full_name_folded' as const) : null
  const key = JSON.stringify(['search', { ...q, offset: 0, limit: 0 }, search])
  const found = await cached<Found>(ctx.store, key, async () => {
    const unfiltered = q.year === null && !q.classification && !q.unitId && !q.specialGroup
    if (!prefixColumn && unfiltered) {
      // Without other filters the trigram index alone says whether the term is common: reading its
      // rowids is cheap, joining 10,001 households only to learn that is not (most of a common
      // two-word search's time at 500,000 households).
      const n = await db
        .selectFrom(
          db
            .selectFrom('household_fts')
            .select('rowid')
            .where(sql<boolean>`household_fts match ${ftsPhrase(search)}`)
            .limit(COUNT_CAP + 1)
            .as('f'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      if (Number(n.n) > COUNT_CAP) return { sorted: null, total: COUNT_CAP + 1 }
    }
    const driven = prefixColumn
      ? plans.base(
          db
            .selectFrom('household_members as m')
            .innerJoin('households', 'households.id', 'm.household_id')
            .where(prefixColumn, '>=', search)
            .where(prefixColumn, '<', `${search}\uffff`)
            // The citizen-ID index is partial; SQLite uses it only when the query states its condition literally.
            .$if(prefixColumn === 'm.citizen_id', (b) => b.where('m.citizen_id', '<>', sql.lit(''))) as unknown as Q,
        )
      : plans.base(
          db
            .selectFrom('household_fts as f')
            .innerJoin('households', 'households.search_rowid', 'f.rowid')
            .where(sql<boolean>`household_fts match ${ftsPhrase(search)}`) as unknown as Q,
        )
    const rows = (await driven
      .select([ROWID.as('rowid'), 'households.head_name_sort as k', 'households.code as code'])
      .limit(COUNT_CAP + 1)
      .execute()) as unknown as { rowid: number; k: string; code: string }[]
    // One household can match twice (two members); it is listed once.
    const unique = [...new Map(rows.map((r) => [Number(r.rowid), r])).values()]
    if (rows.length > COUNT_CAP) return { sorted: null, total: unique.length }
    const sortKey = q.sort === 'code' ? (r: (typeof unique)[number]) => r.code : (r: (typeof unique)[number]) => r.k
    unique.sort((x, y) => {
      const a = sortKey(x)
      const b = sortKey(y)
      return a < b ? -1 : a > b ? 1 : Number(x.rowid) - Number(y.rowid)
    })
    return { sorted: unique.map((r) => Number(r.rowid)), total: unique.length }
  })
  if (found.sorted) return { rowids: found.sorted.slice(q.offset, q.offset + q.limit), total: found.total, capped: false }

  const matches = prefixColumn
    ? (b: Q) =>
        b.where((eb) =>
          eb.exists(
            eb
              .selectFrom('household_members as m')
              .select(sql.lit(1).as('one'))
              .whereRef('m.household_id', '=', 'households.id')
              .where(prefixColumn, '>=', search)
              .where(prefixColumn, '<', `${search}\uffff`),
          ),
        )
    : // Per household, a substring test on its members' folded names and IDs and on its code: the same
      // matches as the trigram index, but cheap for one row (an FTS5 match constrained to one rowid
      // tested one household at a time, took the 500,000-household search benchmark's p95 to 3.8 s).
      (b: Q) =>
        b.where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('household_members as m')
                .select(sql.lit(1).as('one'))
                .whereRef('m.household_id', '=', 'households.id')
                .where((w) =>
                  w.or([sql<boolean>`instr(m.full_name_folded, ${search}) > 0`, sql<boolean>`instr(m.citizen_id, ${search}) > 0`]),
                ),
            ),
            sql<boolean>`instr(lower(households.code), ${search}) > 0`,
          ]),
        )
  const rows = (await plans
    .ordered(matches(plans.base(db.selectFrom('households'))))
    .limit(q.limit)
    .offset(q.offset)
    .execute()) as unknown as { rowid: number }[]
  return { rowids: rows.map((r) => Number(r.rowid)), total: COUNT_CAP, capped: true }
}
