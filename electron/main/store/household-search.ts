import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { searchForm, searchTerms, termChanges } from '@shared/text/search-terms'
import type { Store } from './open'
import type { Database } from './schema'
import { prepareQuery } from './prepared'

/**
 * Writes the search index (household_search_terms) for households whose search text changed. Its
 * one caller is the household writer (store/households.ts), which every writer of the register goes
 * through. Raw prepared statements, because the import calls it per row; they run on the store's
 * one connection, so inside whatever transaction the caller holds.
 */
export function searchIndexWriter(store: Store) {
  const db = store.db as Kysely<Database>
  const insert = prepareQuery(store, db.insertInto('household_search_terms').values({ term: '', household_key: 0, sort_key: '' }))
  const remove = prepareQuery(store, db.deleteFrom('household_search_terms').where('term', '=', '').where('household_key', '=', 0))
  const storedSort = prepareQuery(
    store,
    db.selectFrom('household_search_terms').select('sort_key').where('term', '=', '').where('household_key', '=', 0),
  ).pluck()
  const maxKey = prepareQuery(
    store,
    db.selectFrom('households').select((eb) => eb.fn.max('search_rowid').as('m')),
  ).pluck()
  return {
    /** A key for a household that has none yet; the caller stores it in households.search_rowid. */
    nextKey(): number {
      return Number(maxKey.get() ?? 0) + 1
    },
    /**
     * Replaces the terms of `before` (the household's search text as stored, null for a new one)
     * with those of `after`, each carrying the head's `sortKey`. Touches only the terms that
     * differ, unless the sort key changed (a new head, a renamed head): then every term is rewritten.
     */
    write(key: number, before: string | null, after: string, sortKey: string): void {
      const old = before ? searchTerms(before) : []
      const resort = old.length > 0 && storedSort.get(old[0], key) !== sortKey
      if (!resort && before === after) return
      const now = searchTerms(after)
      const { remove: gone, add } = resort ? { remove: old, add: now } : termChanges(old, now)
      for (const term of gone) remove.run(term, key)
      for (const term of add) insert.run(term, key, sortKey)
    },
  }
}
export type SearchIndexWriter = ReturnType<typeof searchIndexWriter>

/** Households per round of the set-based rebuild: its scratch rows and sorted terms stay a few MB. */
const REINDEX_BATCH = 5_000

const withFunctions = new WeakSet<SqliteDatabase.Database>()

/**
 * The search form and the terms (searchForm, searchTerms from shared/text/search-terms) as SQL
 * functions on this connection, so that a rebuild over many households is statements over the
 * tables: each call makes a few short-lived strings, never an object per household that outlives
 * its batch. `sgn_search_terms` returns the terms as a JSON array (read with json_each); a term is
 * letters, digits and single spaces (searchForm), so it needs no escape. `sgn_first_term` is the
 * first of them, or null.
 */
function registerSearchFunctions(sqlite: SqliteDatabase.Database): void {
  if (withFunctions.has(sqlite)) return
  const opts = { deterministic: true, directOnly: true }
  sqlite.function('sgn_search_form', opts, (text: unknown) => searchForm(String(text ?? '')))
  sqlite.function('sgn_search_terms', opts, (text: unknown) => JSON.stringify(searchTerms(String(text ?? ''))))
  sqlite.function('sgn_first_term', opts, (text: unknown) => searchTerms(String(text ?? ''))[0] ?? null)
  withFunctions.add(sqlite)
}

/**
 * The search text of household `h` (an alias of main.households) in SQL: searchText(code, members)
 * of shared/text/search-terms.ts, part for part: the members' names by position, then their
 * citizen IDs by position, then the code, each in search form, empty parts left out, between '|'.
 * tests/integration/search-reindex.test.ts checks it against searchText.
 */
const searchTextSql = (h: string) => `'|' || concat_ws('|',
    (select group_concat(nullif(sgn_search_form(iif(k.part = 0, m.full_name, m.citizen_id)), ''), '|' order by k.part, m.position, m.rowid)
       from main.household_members m, (select 0 as part union all select 1) k where m.household_id = ${h}.id),
    nullif(sgn_search_form(${h}.code), '')) || '|'`

/**
 * Rebuilds the search text and terms of the households listed in `source` (a table with `id` and an
 * integer primary key `_n`: the staged households of a province's package import). For rows written
 * by something other than the register's own services: their search key is this database's, never
 * the sender's. Runs inside the caller's transaction; rewrites only households whose text or head's
 * sort key changed, so importing an unchanged register costs reads.
 *
 * Set-based, a range of `_n` at a time: new households get keys after the largest (in `_n` order),
 * the new texts go to a scratch table, the changed households' old terms are deleted and their new
 * terms inserted in term order (appending to the index's pages rather than landing on random ones),
 * all as SQL. It was a JavaScript object per household and per member: at 300,000 households V8
 * kept growing its heap through the rebuild and the import peaked over PACKAGE_RSS_LIMIT_BYTES.
 * The result is the one searchIndexWriter().write gives (every term of the text, each with the head's
 * sort key).
 */
export function reindexHouseholdsFrom(store: Store, source: string): void {
  const sqlite = store.sqlite
  registerSearchFunctions(sqlite)
  sqlite.exec(`create temp table if not exists sgn_reindex (
      id text primary key, key integer not null, old_text text not null, new_text text not null, sort_key text not null)`)
  const range = sqlite.prepare(`select min(_n), max(_n) from ${source}`).raw().get() as [number | null, number | null]
  const maxKey = sqlite.prepare('select coalesce(max(search_rowid), 0) from main.households').pluck()
  const assignKeys = sqlite.prepare(
    `update main.households set search_rowid = ? + n.r
       from (select s.id, row_number() over (order by s._n) as r
               from ${source} s join main.households h on h.id = s.id
              where s._n >= ? and s._n < ? and h.search_rowid is null) as n
      where main.households.id = n.id`,
  )
  // Every household of the range goes to the scratch table, then those whose text and head's sort
  // key are unchanged leave it (filtering in the insert would compute each text twice).
  const collect = sqlite.prepare(
    `insert into temp.sgn_reindex (id, key, old_text, new_text, sort_key)
     select h.id, h.search_rowid, h.search_text, ${searchTextSql('h')}, h.head_name_sort
       from ${source} s join main.households h on h.id = s.id
      where s._n >= ? and s._n < ?`,
  )
  // As searchIndexWriter().write: the terms stay when the text is the same and the sort key stored
  // with its first term (if it has any) is the head's.
  const keepUnchanged = sqlite.prepare(
    `delete from temp.sgn_reindex where new_text = old_text
        and (sgn_first_term(old_text) is null
             or (select t.sort_key from main.household_search_terms t
                  where t.term = sgn_first_term(sgn_reindex.old_text) and t.household_key = sgn_reindex.key) is sgn_reindex.sort_key)`,
  )
  const removeOld = sqlite.prepare(
    `delete from main.household_search_terms where (term, household_key) in
       (select j.value, r.key from temp.sgn_reindex r, json_each(sgn_search_terms(r.old_text)) j)`,
  )
  const insertNew = sqlite.prepare(
    `insert into main.household_search_terms (term, household_key, sort_key)
     select j.value, r.key, r.sort_key from temp.sgn_reindex r, json_each(sgn_search_terms(r.new_text)) j order by 1, 2`,
  )
  const setText = sqlite.prepare(
    `update main.households set search_text = r.new_text from temp.sgn_reindex r
      where main.households.id = r.id and r.new_text is not r.old_text`,
  )
  const clear = sqlite.prepare('delete from temp.sgn_reindex')
  const [first, last] = range
  for (let from = first ?? 1, end = last ?? 0; from <= end; from += REINDEX_BATCH) {
    const to = from + REINDEX_BATCH
    assignKeys.run(Number(maxKey.get()), from, to)
    collect.run(from, to)
    keepUnchanged.run()
    removeOld.run()
    insertNew.run()
    setText.run()
    clear.run()
  }
  sqlite.exec('drop table temp.sgn_reindex')
}

/** Removes these households' terms from the search index (before the households themselves are deleted). */
export function dropFromSearchIndex(store: Store, ids: readonly string[]): void {
  const db = store.db as Kysely<Database>
  const index = searchIndexWriter(store)
  const read = store.sqlite.prepare(
    db.selectFrom('households').select(['search_rowid', 'search_text']).where('id', '=', '').where('search_rowid', 'is not', null).compile()
      .sql,
  )
  for (const id of ids) {
    const h = read.get(id) as { search_rowid: number; search_text: string } | undefined
    if (h) index.write(h.search_rowid, h.search_text, '', '')
  }
}
