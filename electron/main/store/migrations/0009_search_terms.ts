import { sql, type Kysely } from 'kysely'
import { searchTerms, searchText } from '@shared/text/search-terms'

/** Rows per multi-row insert while filling the index (2 parameters each, far below SQLite's limit). */
const BATCH = 400

// The register's search as word starts on a B-tree (issue 3). Immutable once released.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The trigram index answered "nguyen van" by intersecting trigrams that each occur in a third of
  // all households: 15–45 ms in FTS5 alone at 500,000 households, past the 30 ms target. Every
  // word-start of every name, citizen ID and code, as rows of a B-tree, turns a search into one
  // prefix range instead. The search text stays on the household so an edit knows which terms to
  // remove, and so a very common search can be tested row by row without a join.
  await db.schema
    .alterTable('households')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await sql`create table household_search_terms (
    term text not null,
    household_key integer not null,
    primary key (term, household_key)
  ) without rowid`.execute(db)

  // Every household gets a search key (households.search_rowid, which survives VACUUM) and its text and terms.
  const households = await sql<{ id: string; code: string; key: number | null }>`
    select id, code, search_rowid as key from households order by rowid`.execute(db)
  const members = await sql<{ household_id: string; full_name: string; citizen_id: string }>`
    select household_id, full_name, citizen_id from household_members order by household_id, position`.execute(db)
  const byHousehold = new Map<string, { fullName: string; citizenId: string }[]>()
  for (const m of members.rows) {
    const list = byHousehold.get(m.household_id) ?? []
    list.push({ fullName: m.full_name, citizenId: m.citizen_id })
    byHousehold.set(m.household_id, list)
  }
  let next = households.rows.reduce((m, h) => Math.max(m, h.key ?? 0), 0) + 1
  let pending: { term: string; key: number }[] = []
  const flush = async () => {
    if (pending.length === 0) return
    await sql`insert or ignore into household_search_terms (term, household_key) values ${sql.join(
      pending.map((p) => sql`(${p.term}, ${p.key})`),
    )}`.execute(db)
    pending = []
  }
  for (const h of households.rows) {
    const key = h.key ?? next++
    const text = searchText(h.code, byHousehold.get(h.id) ?? [])
    await sql`update households set search_text = ${text}, search_rowid = ${key} where id = ${h.id}`.execute(db)
    for (const term of searchTerms(text)) {
      pending.push({ term, key })
      if (pending.length >= BATCH) await flush()
    }
  }
  await flush()
  await sql`drop table household_fts`.execute(db)
}
