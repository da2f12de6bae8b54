import { describe, expect, it } from 'vitest'
import { CLASSIFICATIONS } from '@shared/domain/households'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { listHouseholds } from '../../electron/main/services/households/list'
import { setupOffice } from '../../electron/main/services/office'
import { tempContext } from '../helpers/temp'

/**
 * The list finds its pages by different plans (name index with a year lookup, the year's index and
 * a sort, the search-term index sorted in JS or the name index walked); each must give the same
 * rows as the plain query would.
 */
describe('the register list', () => {
  it('gives the plain query’s rows and totals on every path, at any offset, past the 10,000 count cap', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, {
      office: { code: 'T', name: 'UBND xã Thử', provinceCode: '20', standardId: 'mdp-2022-2025' },
      units: [{ kind: 'commune', code: '', name: 'Xã Thử', parentIndex: null }],
    })
    await generateDemoData(ctx, { households: 12_000, seed: 3, years: [2024, 2025] })
    const raw = ctx.store.sqlite
    const ids = (sql: string, ...params: unknown[]) => (raw.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id)

    const all = await listHouseholds(ctx, { limit: 5 })
    expect(all).toMatchObject({ total: 12_000, totalCapped: false })
    const deep = await listHouseholds(ctx, { offset: 11_990, limit: 20 })
    expect(deep.rows.map((r) => r.id)).toEqual(ids('select id from households order by head_name_sort, rowid limit 20 offset 11990'))

    const totals: number[] = []
    for (const year of [2024, 2025]) {
      for (const cls of CLASSIFICATIONS) {
        const where = 'where id in (select household_id from household_assessments where year = ? and classification = ?)'
        const expected = ids(`select id from households ${where} order by head_name_sort, rowid`, year, cls)
        totals.push(expected.length)
        for (const offset of [0, Math.max(0, expected.length - 30)]) {
          const page = await listHouseholds(ctx, { year, classification: cls, offset, limit: 50 })
          expect(page.total, `${year} ${cls}`).toBe(expected.length)
          expect(page.rows.map((r) => r.id)).toEqual(expected.slice(offset, offset + 50))
          expect(page.rows.every((r) => r.year === year && r.classification === cls)).toBe(true)
        }
      }
    }
    // Both plans were used: some (year, class) pairs are sparse (≤ 3,000), some dense.
    expect(totals.some((n) => n > 0 && n <= 3_000)).toBe(true)
    expect(totals.some((n) => n > 3_000)).toBe(true)

    // A search is a word start of a member's name, a citizen ID or the code. The expected rows come
    // from LIKE over the members and households themselves, not from the search index.
    // Without filters, equal head names come in registration order (search key), sorted or walked.
    // The generator registers in rowid order; reversing the keys makes the two orders differ.
    raw.exec('update household_search_terms set household_key = 1000000 - household_key')
    raw.exec('update households set search_rowid = 1000000 - search_rowid')
    const wordStart = (search: string) =>
      ids(
        `select id from households h
         where exists (select 1 from household_members m where m.household_id = h.id
                       and (' ' || m.full_name_folded like @p or ' ' || m.citizen_id like @p))
            or ' ' || replace(lower(h.code), '-', ' ') like @p
         order by head_name_sort, search_rowid`,
        { p: `% ${search}%` },
      )
    for (const [typed, folded] of [
      ['Văn An', 'van an'],
      ['nguyễn văn', 'nguyen van'],
      ['HGD', 'hgd'],
      ['hgd-0001', 'hgd 0001'],
      ['00012', '00012'],
      ['02000001', '02000001'],
      ['02000', '02000'],
      ['Hồ', 'ho'],
      ['x', 'x'],
      ['v', 'v'],
      ['an', 'an'],
      ['guyen', 'guyen'],
      ['khong co ai ten nay', 'khong co ai ten nay'],
    ] as const) {
      const want = wordStart(folded)
      for (const offset of [0, 40]) {
        const got = await listHouseholds(ctx, { search: typed, offset, limit: 30 })
        expect(got.total, typed).toBe(Math.min(want.length, 10_000))
        expect(got.totalCapped, typed).toBe(want.length > 10_000)
        expect(
          got.rows.map((r) => r.id),
          `${typed} at ${offset}`,
        ).toEqual(want.slice(offset, offset + 30))
      }
    }
    // With a filter, or sorted by code, the matches are joined to the households (ties by rowid).
    const poor2025 = ids(
      `select id from households h
       where id in (select household_id from household_assessments where year = 2025 and classification = 'poor')
         and exists (select 1 from household_members m where m.household_id = h.id and ' ' || m.full_name_folded like '% van an%')
       order by head_name_sort, rowid`,
    )
    expect(poor2025.length).toBeGreaterThan(5)
    const filtered = await listHouseholds(ctx, { search: 'van an', year: 2025, classification: 'poor', limit: 100 })
    expect([filtered.total, filtered.rows.map((r) => r.id)]).toEqual([poor2025.length, poor2025.slice(0, 100)])
    // The latest class without a year: the query must still start from the term range (a CROSS
    // JOIN), not rescan it for each poor household, which took seconds here.
    const poorNow = ids(
      `select id from households h
       where latest_class = 'near_poor'
         and exists (select 1 from household_members m where m.household_id = h.id and ' ' || m.full_name_folded like '% thi%')
       order by head_name_sort, rowid`,
    )
    expect(poorNow.length).toBeGreaterThan(100)
    const latest = await listHouseholds(ctx, { search: 'thi', classification: 'near_poor', offset: 50, limit: 100 })
    expect([latest.total, latest.rows.map((r) => r.id)]).toEqual([poorNow.length, poorNow.slice(50, 150)])
    const byCode = await listHouseholds(ctx, { search: 'van an', sort: 'code', offset: 10, limit: 20 })
    const codes = ids(
      `select id from households where id in (${wordStart('van an')
        .map(() => '?')
        .join(',')}) order by code`,
      ...wordStart('van an'),
    )
    expect(byCode.rows.map((r) => r.id)).toEqual(codes.slice(10, 30))
    // The cases above take every path: sorted here (under the cap), walked (over it), and nothing.
    expect(wordStart('van an').length).toBeGreaterThan(100)
    expect(wordStart('hgd').length).toBeGreaterThan(10_000)
    expect(wordStart('guyen')).toEqual([])
  })
})
