import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'
import { writeMessyWorkbook } from '../helpers/messy-workbook'

const SAMPLE = resolve(import.meta.dirname, '../fixtures/danh-sach-ho-ngheo-mau.xlsx')

describe('so-giam-ngheo households CLI', () => {
  it('imports, re-imports without duplicates, lists with an unaccented search, reports rejected rows', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.sqlite')
    expect(
      (await cliInProcess(['--db', db, 'init', '--office-code', 'MS', '--office-name', 'UBND xã Mẫu Sơn', '--province-code', '20'])).code,
    ).toBe(0)
    const first = await cliInProcess(['--db', db, 'households', 'import', SAMPLE])
    expect(first.stdout).toMatch(/^imported 6, updated 0, rejected 0$/m)
    expect(first.code).toBe(0)
    const again = await cliInProcess(['--db', db, 'households', 'import', SAMPLE])
    expect(again.stdout).toMatch(/^imported 0, updated 6, rejected 0$/m)
    const list = await cliInProcess(['--db', db, 'households', 'list', '--search', 'hoang thi', '--year', '2024', '--json'])
    expect(list.code).toBe(0)
    const parsed = JSON.parse(list.stdout) as { total: number; rows: { headName: string; classification: string }[] }
    expect(parsed.rows).toMatchObject([{ headName: 'Hoàng Thị Lụa', classification: 'near_poor' }])

    const messy = join(dir, 'messy.xlsx')
    await writeMessyWorkbook(messy)
    const report = join(dir, 'loi.xlsx')
    const bad = await cliInProcess([
      '--db',
      db,
      'households',
      'import',
      messy,
      '--sheet',
      'Danh sách',
      '--valid-rows-only',
      '--error-report',
      report,
    ])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^imported 2, updated 0, rejected 3$/m)
    expect(bad.stderr).toMatch(/Dòng 9, cột "Số định danh cá nhân": Số CCCD "02019000044" phải gồm đúng 12 chữ số/)
    const py = `import openpyxl\nws=openpyxl.load_workbook(${JSON.stringify(report)})['Danh sách']\nprint(ws.cell(row=10,column=11).value)`
    expect(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })).toMatch(/tương lai/)
  })

  it('classify reads JSON on stdin and prints the class, standard, reasons and scores', async () => {
    const db = join(tempDir(), 'none.sqlite')
    const r = await cliInProcess(['--db', db, 'classify'], {
      input: JSON.stringify({ areaType: 'rural', incomePerPersonMonth: 1_400_000, deprivations: [1, 4, 9], year: 2024 }),
    })
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ class: 'poor', standard: 'mdp-2022-2025', scores: { deprivation: 30, deprivationCount: 3 } })
    expect(out.reasons.join(' ')).toMatch(/≤ chuẩn nghèo nông thôn 1\.500\.000 đ/)
    const urban = await cliInProcess(['--db', db, 'classify', '--year', '2018'], {
      input: JSON.stringify({
        areaType: 'urban',
        incomePerPersonMonth: 1_000_000,
        indicators: [
          { no: 1, deprived: true },
          { no: 2, deprived: false },
        ],
      }),
    })
    expect(JSON.parse(urban.stdout)).toMatchObject({ class: 'near_poor', standard: 'mdp-2016-2020' })
    const bad = await cliInProcess(['--db', db, 'classify'], { input: '{"areaType":"rural","incomePerPersonMonth":-1}' })
    expect(bad.code).toBe(1)
    expect((await cliInProcess(['--db', db, 'classify'], { input: 'not json' })).stderr).toMatch(/JSON/)
  })

  it('demo-data generates a seeded register', async () => {
    const db = join(tempDir(), 'demo.sqlite')
    await cliInProcess(['--db', db, 'init', '--office-code', 'D', '--office-name', 'Demo', '--province-code', '20'])
    expect((await cliInProcess(['--db', db, 'demo-data', '--households', '300', '--seed', '7'])).code).toBe(0)
    const info = JSON.parse((await cliInProcess(['--db', db, 'info', '--json'])).stdout)
    expect(info.households).toBe(300)
    const l = JSON.parse((await cliInProcess(['--db', db, 'households', 'list', '--year', '2025', '--json', '--limit', '5'])).stdout)
    expect(l.total).toBe(300)
    expect(l.rows[0].headName).toMatch(/^\p{Lu}/u)
  })
})
