import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { searchTerms, searchText, termChanges } from '@shared/text/search-terms'
import type { Store } from '../../store/open'
import type { Database } from '../../store/schema'
import { prepareQuery } from './import/statements'

const CHUNK = 500

/**
 * Writes the search index (household_search_terms) for households whose search text changed. Every
 * writer of the register goes through this: the form's save, the import, the demo generator and a
 * province's package import. Raw prepared statements, because the import calls it per row; they run
 * on the store's one connection, so inside whatever transaction the caller holds.
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

/**
 * Rebuilds the search text and terms of these households from their code and members. For rows
 * written by something other than the register's own services (a province importing an office's
 * package): their search key is this database's, never the sender's. Runs inside the caller's
 * transaction; writes only what changed, so importing an unchanged register costs reads.
 */
export function reindexHouseholds(store: Store, ids: readonly string[]): void {
  householdReindexer(store)(ids)
}

/**
 * reindexHouseholds with its statements prepared once, for a caller that rebuilds the index a
 * chunk at a time (a province importing 300,000 households calls it 150 times): preparing seven
 * statements per call, and two per 500 households, was garbage V8 kept until the import ended.
 */
export function householdReindexer(store: Store): (ids: readonly string[]) => void {
  const db = store.db as Kysely<Database>
  const sqlite = store.sqlite
  const index = searchIndexWriter(store)
  const setText = sqlite.prepare(db.updateTable('households').set({ search_text: '', search_rowid: 0 }).where('id', '=', '').compile().sql)
  const statements = new Map<number, { households: SqliteDatabase.Statement; members: SqliteDatabase.Statement }>()
  const forSize = (n: number) => {
    let s = statements.get(n)
    if (!s) {
      const ids = Array.from({ length: n }, () => '')
      s = {
        households: sqlite.prepare(
          db
            .selectFrom('households')
            .select(['id', 'code', 'search_rowid', 'search_text', 'head_name_sort'])
            .where('id', 'in', ids)
            .compile().sql,
        ),
        members: sqlite.prepare(
          db
            .selectFrom('household_members')
            .select(['household_id', 'full_name', 'citizen_id'])
            .where('household_id', 'in', ids)
            .orderBy('household_id')
            .orderBy('position')
            .compile().sql,
        ),
      }
      statements.set(n, s)
    }
    return s
  }
  return (ids) => {
    let next = index.nextKey()
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK)
      const read = forSize(chunk.length)
      const households = read.households.all(...chunk) as {
        id: string
        code: string
        search_rowid: number | null
        search_text: string
        head_name_sort: string
      }[]
      const members = new Map<string, { fullName: string; citizenId: string }[]>()
      for (const m of read.members.iterate(...chunk) as Iterable<{ household_id: string; full_name: string; citizen_id: string }>) {
        const list = members.get(m.household_id) ?? []
        list.push({ fullName: m.full_name, citizenId: m.citizen_id })
        members.set(m.household_id, list)
      }
      for (const h of households) {
        const text = searchText(h.code, members.get(h.id) ?? [])
        const key = h.search_rowid ?? next++
        // Also when only the head's sort key changed (a package renaming the head): write() compares it.
        index.write(key, h.search_rowid === null ? null : h.search_text, text, h.head_name_sort)
        if (h.search_rowid === null || text !== h.search_text) setText.run(text, key, h.id)
      }
    }
  }
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
