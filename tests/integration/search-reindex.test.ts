import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { searchTerms, searchText } from '@shared/text/search-terms'
import { reindexHouseholdsFrom, searchIndexWriter } from '../../electron/main/store/household-search'
import { tempContext } from '../helpers/temp'
import { officeWithVillages } from '../helpers/households'

/**
 * The set-based rebuild of the search index (a province importing a package, reindexHouseholdsFrom)
 * gives each household the text and terms the register's own writer gives (searchText, searchTerms,
 * searchIndexWriter().write): new households, changed names, a new head's sort key, unchanged ones.
 */
describe('search index rebuilt as SQL', () => {
  it('writes the same text and terms as searchText and the writer, and only what changed', async () => {
    const ctx = await tempContext()
    const { villages } = await officeWithVillages(ctx)
    const village = Object.values(villages)[0]!
    const sqlite = ctx.store.sqlite
    const names = [
      'Nguyễn Văn An',
      'Đặng  Thị-Bé',
      'ĐINH   THỊ  ĐÀO',
      'Hà Thị Ngọc Ánh (con nuôi)',
      "Lò Văn O'Neil",
      'Nguyễn Thị Phương Thảo Hoàng Lan Anh Mi Bích Ngọc',
      '𠀀 Thị Nôm',
      '  ',
      'Y Bhăm Êban',
      'Trần Văn An',
    ]
    const households: { id: string; code: string; members: { fullName: string; citizenId: string }[] }[] = []
    for (let i = 0; i < 60; i++) {
      const count = i % 5 // some households have no members
      const members = Array.from({ length: count }, (_, j) => ({
        fullName: names[(i * 3 + j) % names.length]!,
        citizenId: (i + j) % 3 === 0 ? '' : `0${String(20_000_000_000 + i * 10 + j)}`,
      }))
      households.push({ id: randomUUID(), code: i % 7 === 0 ? `HGD-${i}/Đ` : `HGD-${String(i).padStart(4, '0')}`, members })
    }
    const insertHousehold = sqlite.prepare(
      `insert into households (id, code, unit_id, head_name, head_name_folded, area_type, head_name_sort, created_at, updated_at)
       values (?, ?, ?, ?, '', 'rural', ?, '2025-01-01', '2025-01-01')`,
    )
    const insertMember = sqlite.prepare(
      `insert into household_members (id, household_id, position, full_name, full_name_folded, sex, birth_date, citizen_id, relationship, schooling, working)
       values (?, ?, ?, ?, '', 'male', '1980-01-01', ?, 'head', 'none', 'none')`,
    )
    sqlite.exec('create temp table source (_n integer primary key, id text not null)')
    const addSource = sqlite.prepare('insert into temp.source (id) values (?)')
    // Members are inserted out of position order: the text follows position.
    for (const h of households) {
      const head = h.members[0]?.fullName ?? ''
      insertHousehold.run(h.id, h.code, village, head, head.toLowerCase())
      for (let j = h.members.length - 1; j >= 0; j--)
        insertMember.run(randomUUID(), h.id, j + 1, h.members[j]!.fullName, h.members[j]!.citizenId)
      addSource.run(h.id)
    }

    const stored = () =>
      sqlite.prepare('select id, code, search_rowid, search_text, head_name_sort from households order by search_rowid').all() as {
        id: string
        code: string
        search_rowid: number
        search_text: string
        head_name_sort: string
      }[]
    const terms = () =>
      sqlite.prepare('select term, household_key, sort_key from household_search_terms order by household_key, term').all() as {
        term: string
        household_key: number
        sort_key: string
      }[]
    const expected = (rows: ReturnType<typeof stored>) =>
      rows
        .flatMap((r) => searchTerms(r.search_text).map((term) => ({ term, household_key: r.search_rowid, sort_key: r.head_name_sort })))
        .sort((a, b) => a.household_key - b.household_key || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))

    const write = () => ctx.store.db.transaction().execute(async () => reindexHouseholdsFrom(ctx.store, 'temp.source'))
    await write()
    let rows = stored()
    expect(rows).toHaveLength(households.length)
    // Keys follow the source's order, after the largest key the register had.
    expect(rows.map((r) => r.id)).toEqual(households.map((h) => h.id))
    expect(new Set(rows.map((r) => r.search_rowid)).size).toBe(households.length)
    for (const r of rows) {
      const h = households.find((x) => x.id === r.id)!
      expect(r.search_text, h.code).toBe(searchText(h.code, h.members))
    }
    expect(terms()).toEqual(expected(rows))
    // The same terms the register's own writer gives for these texts.
    const viaWriter = sqlite.transaction(() => {
      sqlite.exec('delete from household_search_terms')
      const index = searchIndexWriter(ctx.store)
      for (const r of rows) index.write(r.search_rowid, null, r.search_text, r.head_name_sort)
      const t = terms()
      throw Object.assign(new Error('rollback'), { t })
    })
    let written: unknown
    try {
      viaWriter()
    } catch (e) {
      written = (e as { t: unknown }).t
    }
    expect(terms()).toEqual(written)

    // Unchanged: nothing is written to the register (temporary triggers count the writes).
    sqlite.exec(`create temp table writes (what text);
      create temp trigger w1 after insert on main.household_search_terms begin insert into writes values ('insert term'); end;
      create temp trigger w2 after delete on main.household_search_terms begin insert into writes values ('delete term'); end;
      create temp trigger w3 after update on main.households begin insert into writes values ('update household'); end;`)
    const writes = sqlite.prepare('select count(*) from temp.writes').pluck()
    await write()
    expect(terms()).toEqual(expected(rows))
    expect(writes.get()).toBe(0)

    // A renamed member, a removed citizen ID, a new head's sort key, a household new to the source.
    const renamed = households[1]!
    sqlite.prepare('update household_members set full_name = ? where household_id = ? and position = 1').run('Vũ Thị Huyền', renamed.id)
    renamed.members[0]!.fullName = 'Vũ Thị Huyền'
    const cleared = households[4]!
    sqlite.prepare("update household_members set citizen_id = '' where household_id = ?").run(cleared.id)
    for (const m of cleared.members) m.citizenId = ''
    const resorted = households[7]!
    sqlite.prepare('update households set head_name_sort = ? where id = ?').run('zzz', resorted.id)
    const added = { id: randomUUID(), code: 'HGD-MOI', members: [{ fullName: 'Lê Thị Mới', citizenId: '' }] }
    insertHousehold.run(added.id, added.code, village, 'Lê Thị Mới', 'le thi moi')
    insertMember.run(randomUUID(), added.id, 1, 'Lê Thị Mới', '')
    addSource.run(added.id)
    households.push(added)
    await write()
    // Writes to households: the test's own new sort key, the new household's key and text, the two changed texts.
    expect(sqlite.prepare('select count(*) from temp.writes where what = ?').pluck().get('update household')).toBe(4 + 1)
    rows = stored()
    for (const r of rows) expect(r.search_text).toBe(searchText(r.code, households.find((x) => x.id === r.id)!.members))
    expect(rows.at(-1)!.id).toBe(added.id)
    expect(terms()).toEqual(expected(rows))
    expect(
      terms()
        .filter((t) => t.household_key === rows.find((r) => r.id === resorted.id)!.search_rowid)
        .every((t) => t.sort_key === 'zzz'),
    ).toBe(true)
  })
})
