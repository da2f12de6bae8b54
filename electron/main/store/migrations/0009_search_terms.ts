import { sql, type Kysely } from 'kysely'
import { searchTerms, searchText } from '@shared/text/search-terms'

/** Rows per multi-row insert while filling the index (≤ 3 parameters each, far below SQLite's limit). */
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
  // The head's sort key rides along in each term row: a search that matches 7,000 households
  // sorts them from the index alone, where looking each household up took 30–40 ms at 500,000.
  await sql`create table household_search_terms (
    term text not null,
    household_key integer not null,
    sort_key text not null,
    primary key (term, household_key)
  ) without rowid`.execute(db)

  // Every household gets a search key (households.search_rowid, which survives VACUUM) and its text and terms.
  const households = await sql<{ id: string; code: string; key: number | null; sort: string }>`
    select id, code, search_rowid as key, head_name_sort as sort from households order by rowid`.execute(db)
  const members = await sql<{ household_id: string; full_name: string; citizen_id: string }>`
    select household_id, full_name, citizen_id from household_members order by household_id, position`.execute(db)
  const byHousehold = new Map<string, { fullName: string; citizenId: string }[]>()
  for (const m of members.rows) {
    const list = byHousehold.get(m.household_id) ?? []
    list.push({ fullName: m.full_name, citizenId: m.citizen_id })
    byHousehold.set(m.household_id, list)
  }
  let next = households.rows.reduce((m, h) => Math.max(m, h.key ?? 0), 0) + 1
  // Multi-row inserts into a scratch table and one UPDATE from it: one statement per household
  // took minutes at 500,000 households.
  await sql`create temp table search_text_new (id text primary key, key integer not null, text text not null) without rowid`.execute(db)
  let texts: { id: string; key: number; text: string }[] = []
  let terms: { term: string; key: number; sort: string }[] = []
  const flushTexts = async () => {
    if (texts.length === 0) return
    await sql`insert into search_text_new (id, key, text) values ${sql.join(texts.map((t) => sql`(${t.id}, ${t.key}, ${t.text})`))}`.execute(
      db,
    )
    texts = []
  }
  const flushTerms = async () => {
    if (terms.length === 0) return
    await sql`insert or ignore into household_search_terms (term, household_key, sort_key) values ${sql.join(
      terms.map((t) => sql`(${t.term}, ${t.key}, ${t.sort})`),
    )}`.execute(db)
    terms = []
  }
  const all: { term: string; key: number; sort: string }[] = []
  for (const h of households.rows) {
    const key = h.key ?? next++
    const text = searchText(h.code, byHousehold.get(h.id) ?? [])
    texts.push({ id: h.id, key, text })
    if (texts.length >= BATCH) await flushTexts()
    for (const term of searchTerms(text)) all.push({ term, key, sort: h.sort })
  }
  await flushTexts()
  // In key order each insert appends to the B-tree's last page; in household order every insert
  // lands on a random page, which at 500,000 households thrashed the page cache for minutes.
  all.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.key - b.key))
  for (const t of all) {
    terms.push(t)
    if (terms.length >= BATCH) await flushTerms()
  }
  await flushTerms()
  await sql`update households set (search_text, search_rowid) = (select n.text, n.key from search_text_new n where n.id = households.id)`.execute(
    db,
  )
  await sql`drop table search_text_new`.execute(db)
  // A search too common to sort (over 10,000 households) walks the heads in name order and tests
  // each text: with the text in the index that walk reads no table rows (2 ms instead of 17 ms for
  // a page of "thu lan" at 500,000). Equal names in registration order, as the sorted path has them.
  await db.schema
    .createIndex('households_sort_search')
    .on('households')
    .columns(['head_name_sort', 'search_rowid', 'search_text'])
    .execute()
  await sql`drop table household_fts`.execute(db)
}
