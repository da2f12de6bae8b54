import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import { describe, expect, it } from 'vitest'
import { fold } from '@shared/text/fold'
import { searchTerms, searchText } from '@shared/text/search-terms'
import { viSortKey } from '@shared/text/sort-key'
import { createContext } from '../../electron/main/app-context'
import { listHouseholds } from '../../electron/main/services/households/list'
import { migrationProvider } from '../../electron/main/store/migrations'
import { tempDir } from '../helpers/temp'

/** Households as the last release (schema 8) left them: names, IDs, an FTS5 row each, one without. */
const REGISTER = [
  {
    id: 'h1',
    code: 'HGD-000001',
    key: 5,
    members: [
      ['Nguyễn Văn An', '020123456789'],
      ['Trần Thị-Bé', ''],
    ],
  },
  { id: 'h2', code: 'HGD-000002', key: 9, members: [['Đặng Thị Hoa', '']] },
  { id: 'h3', code: 'X/3', key: null, members: [['Lò Văn Pàn', '001080000001']] },
] as const

async function schema8File(path: string): Promise<void> {
  const sqlite = new Database(path)
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0008_consolidation')
  if (error) throw error
  const at = '2026-01-01T00:00:00Z'
  sqlite
    .prepare(
      "insert into admin_units (id, kind, name, name_folded, created_at, updated_at) values ('v', 'village', 'Thôn A', 'thon a', ?, ?)",
    )
    .run(at, at)
  for (const h of REGISTER) {
    const head = h.members[0][0]
    sqlite
      .prepare(
        `insert into households (id, code, unit_id, head_name, head_name_folded, head_name_sort, area_type, created_at, updated_at, search_rowid)
         values (?, ?, 'v', ?, ?, ?, 'rural', ?, ?, ?)`,
      )
      .run(h.id, h.code, head, fold(head), viSortKey(head), at, at, h.key)
    h.members.forEach(([name, citizenId], i) =>
      sqlite
        .prepare(
          `insert into household_members (id, household_id, position, full_name, full_name_folded, sex, birth_date, citizen_id, relationship, schooling, working)
           values (?, ?, ?, ?, ?, 'male', '1970', ?, ?, 'not_applicable', 'other')`,
        )
        .run(`${h.id}-${i}`, h.id, i, name, fold(name), citizenId, i === 0 ? 'head' : 'spouse'),
    )
    if (h.key !== null) {
      const names = h.members.map(([n]) => fold(n)).join(' | ')
      const ids = h.members
        .map(([, c]) => c)
        .filter(Boolean)
        .join(' ')
      sqlite.prepare('insert into household_fts (rowid, text) values (?, ?)').run(h.key, `${names} | ${ids} | ${h.code.toLowerCase()}`)
    }
  }
  await db.destroy()
}

describe('migration 0009: the search index of an existing register', () => {
  it('builds the search text and terms of every household, gives a key to one without, drops the trigram table, and search works', async () => {
    const path = join(tempDir(), 'v8.sqlite')
    await schema8File(path)
    const ctx = await createContext({ dbPath: path })
    try {
      const raw = ctx.store.sqlite
      expect(raw.prepare("select count(*) from sqlite_master where name like 'household_fts%'").pluck().get()).toBe(0)
      const rows = raw
        .prepare('select id, search_rowid as key, search_text as text, head_name_sort as sort from households order by id')
        .all() as {
        id: string
        key: number
        text: string
        sort: string
      }[]
      expect(rows.map((r) => r.key)).toEqual([5, 9, 10])
      for (const [i, h] of REGISTER.entries()) {
        const row = rows[i]!
        const text = searchText(
          h.code,
          h.members.map(([fullName, citizenId]) => ({ fullName, citizenId })),
        )
        expect(row.text).toBe(text)
        const terms = raw
          .prepare('select term, sort_key as sort from household_search_terms where household_key = ? order by term')
          .all(row.key)
        expect(terms).toEqual(
          searchTerms(text)
            .sort()
            .map((term) => ({ term, sort: row.sort })),
        )
      }
      const found = async (search: string) => (await listHouseholds(ctx, { search })).rows.map((r) => r.code)
      expect(await found('be')).toEqual(['HGD-000001'])
      expect(await found('dang')).toEqual(['HGD-000002'])
      expect(await found('0010')).toEqual(['X/3'])
      expect(await found('x 3')).toEqual(['X/3'])
      expect(await found('van')).toEqual(['X/3', 'HGD-000001'])
      expect(await found('thi')).toEqual(['HGD-000002', 'HGD-000001'])
    } finally {
      await ctx.store.close()
    }
  })
})
