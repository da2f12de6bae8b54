import { describe, expect, it } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { STREAM_ROWS } from '../../electron/main/services/households/list'
import { setupOffice } from '../../electron/main/services/office'
import { cliInProcess } from '../helpers/cli'
import { tempContext } from '../helpers/temp'

/**
 * Issue 19: `households list --all` writes every household (a page a time, never the register in
 * memory: its peak memory is checked on a large register by packages-memory.test.ts), in the list's
 * order, as the JSON a page has. Pages follow one another by (sort key, rowid), so rows with the
 * same head name on both sides of a page boundary must neither repeat nor go missing.
 */
describe('households list --all', () => {
  it('lists every household once, in the list order, across page boundaries, with and without a year', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, {
      office: { code: 'T', name: 'UBND xã Thử', provinceCode: '20', standardId: 'mdp-2022-2025' },
      units: [{ kind: 'commune', code: '', name: 'Xã Thử', parentIndex: null }],
    })
    const households = 2 * STREAM_ROWS + 137
    await generateDemoData(ctx, { households, seed: 5, years: [2024, 2025] })
    const raw = ctx.store.sqlite
    // Half the households sort alike: the first page boundary falls inside that run.
    raw.prepare("update households set head_name_sort = 'a' where rowid % 2 = 0").run()
    const expected = (where: string) =>
      (raw.prepare(`select id from households ${where} order by head_name_sort, rowid`).all() as { id: string }[]).map((r) => r.id)

    const db = ctx.store.path
    const all = await cliInProcess(['--db', db, 'households', 'list', '--all', '--json'])
    expect(all.code, all.stderr).toBe(0)
    const parsed = JSON.parse(all.stdout) as { total: number; totalCapped: boolean; rows: { id: string }[] }
    expect(parsed.total).toBe(households)
    expect(parsed.rows.map((r) => r.id)).toEqual(expected(''))

    // Only the year's households (one in ten has no 2024 assessment).
    raw
      .prepare('delete from household_assessments where year = 2024 and household_id in (select id from households where rowid % 10 = 0)')
      .run()
    const year = JSON.parse((await cliInProcess(['--db', db, 'households', 'list', '--all', '--year', '2024', '--json'])).stdout) as {
      total: number
      rows: { id: string; year: number }[]
    }
    const of2024 = expected('where id in (select household_id from household_assessments where year = 2024)')
    expect(of2024.length).toBeLessThan(households)
    expect(year.total).toBe(of2024.length)
    expect(year.rows.map((r) => r.id)).toEqual(of2024)
    expect(year.rows.every((r) => r.year === 2024)).toBe(true)

    const text = await cliInProcess(['--db', db, 'households', 'list', '--all'])
    expect(text.stdout.trim().split('\n')).toHaveLength(households + 1)
    expect(text.stdout.trim().split('\n').at(-1)).toBe(`${households} hộ`)

    const refused = await cliInProcess(['--db', db, 'households', 'list', '--all', '--search', 'nguyen'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--all liệt kê mọi hộ: không dùng cùng --search/)
  })
})
