import type { Kysely } from 'kysely'
import type { Store } from '../../store/open'
import type { Database } from '../../store/schema'
import { searchText } from './rows'

const CHUNK = 500

/**
 * Rebuilds the search index rows of these households from their code and members, with the same
 * text `saveHousehold` writes. For rows written by something other than the register's own
 * services (a province importing an office's package): their `search_rowid` is this database's,
 * never the sender's. Runs inside the caller's transaction; rewrites an index row only when its
 * text changed, so importing an unchanged register costs reads, not index writes.
 */
export function reindexHouseholds(store: Store, ids: readonly string[]): void {
  const db = store.db as Kysely<Database>
  const sqlite = store.sqlite
  const readText = sqlite.prepare(db.selectFrom('household_fts').select('text').where('rowid', '=', 0).compile().sql).pluck()
  const insertText = sqlite.prepare(db.insertInto('household_fts').values({ text: '' }).compile().sql)
  const insertAt = sqlite.prepare(db.insertInto('household_fts').values({ rowid: 0, text: '' }).compile().sql)
  const updateText = sqlite.prepare(db.updateTable('household_fts').set({ text: '' }).where('rowid', '=', 0).compile().sql)
  const setRowid = sqlite.prepare(db.updateTable('households').set({ search_rowid: 0 }).where('id', '=', '').compile().sql)
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const households = sqlite
      .prepare(db.selectFrom('households').select(['id', 'code', 'search_rowid']).where('id', 'in', chunk).compile().sql)
      .all(...chunk) as { id: string; code: string; search_rowid: number | null }[]
    const members = new Map<string, { fullName: string; citizenId: string }[]>()
    const memberRows = sqlite
      .prepare(
        db
          .selectFrom('household_members')
          .select(['household_id', 'full_name', 'citizen_id'])
          .where('household_id', 'in', chunk)
          .orderBy('household_id')
          .orderBy('position')
          .compile().sql,
      )
      .all(...chunk) as { household_id: string; full_name: string; citizen_id: string }[]
    for (const m of memberRows) {
      const list = members.get(m.household_id) ?? []
      list.push({ fullName: m.full_name, citizenId: m.citizen_id })
      members.set(m.household_id, list)
    }
    for (const h of households) {
      const text = searchText(h.code, members.get(h.id) ?? [])
      if (h.search_rowid === null) {
        const rowid = Number(insertText.run(text).lastInsertRowid)
        setRowid.run(rowid, h.id)
        continue
      }
      const before = readText.get(h.search_rowid) as string | undefined
      if (before === undefined) insertAt.run(h.search_rowid, text)
      else if (before !== text) updateText.run(text, h.search_rowid)
    }
  }
}

/** Removes these households' rows from the search index (before the households themselves are deleted). */
export function dropFromSearchIndex(store: Store, ids: readonly string[]): void {
  const db = store.db as Kysely<Database>
  const del = store.sqlite.prepare(db.deleteFrom('household_fts').where('rowid', '=', 0).compile().sql)
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const rowids = store.sqlite
      .prepare(
        db.selectFrom('households').select('search_rowid').where('id', 'in', chunk).where('search_rowid', 'is not', null).compile().sql,
      )
      .pluck()
      .all(...chunk) as number[]
    for (const r of rowids) del.run(r)
  }
}
