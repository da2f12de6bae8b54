import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { viCollator } from '@shared/text/fold'
import { cliInProcess } from '../helpers/cli'
import { readXlsx } from '../helpers/openpyxl'
import { pdfLines } from '../helpers/report-consistency'
import { tempDir } from '../helpers/temp'

/** The table of a report workbook as openpyxl reads it: the body rows (STT 1, 2, …) and the total row. */
function tableOf(file: string): { body: unknown[][]; total: unknown[] } {
  const [sheet] = readXlsx(file)
  const rows = new Map<number, unknown[]>()
  for (const [ref, c] of Object.entries(sheet!.cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref)!
    const col = m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1
    const row = rows.get(Number(m[2])) ?? []
    row[col] = c.v
    rows.set(Number(m[2]), row)
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r)
  const total = ordered.find((r) => r[1] === 'Tổng cộng')!
  return { body: ordered.filter((r) => typeof r[0] === 'number'), total }
}

function expectTotalIsSum(body: unknown[][], total: unknown[], intColumns: number[]) {
  for (const col of intColumns) {
    expect(total[col], `column ${col}`).toBe(body.reduce((s: number, r) => s + (r[col] as number), 0))
  }
}

/** Summary columns that are counts (the others are rates). */
const COUNT_COLUMNS = [2, 3, 4, 5, 7, 8, 10, 11, 13, 14, 15, 16]

describe('offices of each level from the command line', () => {
  it('a commune office with demo data reports by village, its total the sum, dated from the commune', async () => {
    const dir = tempDir()
    const db = join(dir, 'xa.sqlite')
    const init = await cliInProcess([
      '--db',
      db,
      'init',
      '--office-code',
      '14563',
      '--office-name',
      'UBND xã Tân Thành',
      '--province-code',
      '37',
      '--level',
      'commune',
    ])
    expect([init.code, init.stderr]).toEqual([0, ''])
    expect((await cliInProcess(['--db', db, 'demo-data', '--households', '900', '--seed', '5'])).code).toBe(0)
    const xlsx = join(dir, 'tong-hop.xlsx')
    const r = await cliInProcess(['--db', db, 'report', 'summary', '--year', '2025', '--format', 'xlsx', '--out', xlsx])
    expect([r.code, r.stderr]).toEqual([0, ''])

    const raw = new Database(db, { readonly: true })
    const root = raw.prepare(`select id, name from admin_units where kind = 'commune'`).all() as { id: string; name: string }[]
    expect(root).toEqual([{ id: expect.any(String), name: 'Xã Tân Thành' }])
    const villages = (raw.prepare('select name from admin_units where parent_id = ?').all(root[0]!.id) as { name: string }[])
      .map((v) => v.name)
      .sort((a, b) => viCollator.compare(a, b))
    raw.close()
    expect(villages.length).toBeGreaterThanOrEqual(8)
    expect(villages.length).toBeLessThanOrEqual(15)

    const { body, total } = tableOf(xlsx)
    expect(body.map((row) => row[1])).toEqual(villages)
    expectTotalIsSum(body, total, COUNT_COLUMNS)
    expect(total[2]).toBe(900)
    // Villages differ in size, as real ones do.
    const sizes = body.map((row) => row[2] as number)
    expect(Math.max(...sizes)).toBeGreaterThan(Math.min(...sizes) * 1.5)

    const pdf = join(dir, 'tong-hop.pdf')
    expect((await cliInProcess(['--db', db, 'report', 'summary', '--year', '2025', '--format', 'pdf', '--out', pdf])).code).toBe(0)
    const lines = pdfLines(pdf)
    expect(lines.some((l) => /(^| )Tân Thành, ngày \d{1,2} tháng \d{1,2} năm \d{4}$/.test(l))).toBe(true)
    expect(lines.some((l) => l.includes('Thôn/tổ dân phố'))).toBe(true)
    villages.forEach((v, i) => expect(lines.some((l) => l.startsWith(`${i + 1} ${v} `))).toBe(true))
  }, 180_000)

  it('a district office with demo data reports by commune', async () => {
    const dir = tempDir()
    const db = join(dir, 'huyen.sqlite')
    const init = await cliInProcess([
      '--db',
      db,
      'init',
      '--office-code',
      '373',
      '--office-name',
      'UBND huyện Yên Mô',
      '--province-code',
      '37',
      '--level',
      'district',
    ])
    expect([init.code, init.stderr]).toEqual([0, ''])
    expect((await cliInProcess(['--db', db, 'demo-data', '--households', '1200', '--seed', '9'])).code).toBe(0)
    const xlsx = join(dir, 'tong-hop.xlsx')
    expect((await cliInProcess(['--db', db, 'report', 'summary', '--year', '2025', '--format', 'xlsx', '--out', xlsx])).code).toBe(0)
    const raw = new Database(db, { readonly: true })
    const communes = (raw.prepare(`select name from admin_units where kind = 'commune'`).all() as { name: string }[])
      .map((c) => c.name)
      .sort((a, b) => viCollator.compare(a, b))
    const orphanVillages = raw
      .prepare(
        `select count(*) as n from admin_units v where v.kind = 'village' and not exists (select 1 from admin_units c where c.id = v.parent_id and c.kind = 'commune')`,
      )
      .get() as { n: number }
    raw.close()
    expect(communes.length).toBeGreaterThanOrEqual(10)
    expect(communes.length).toBeLessThanOrEqual(20)
    expect(orphanVillages.n).toBe(0)
    const { body, total } = tableOf(xlsx)
    expect(body.map((row) => row[1])).toEqual(communes)
    expectTotalIsSum(body, total, COUNT_COLUMNS)
    expect(total[2]).toBe(1200)
  }, 180_000)

  it('refuses a level whose code length the office code does not have, and an unknown level, creating no file', async () => {
    const db = join(tempDir(), 'sai.sqlite')
    const base = ['--db', db, 'init', '--office-name', 'UBND huyện Yên Mô', '--province-code', '37']
    const wrong = await cliInProcess([...base, '--office-code', '373', '--level', 'commune'])
    expect(wrong.code).not.toBe(0)
    expect(wrong.stderr).toMatch(/Mã cấp xã gồm đúng 5 chữ số.*là mã cấp huyện/)
    expect((await cliInProcess([...base, '--office-code', '373', '--level', 'thon'])).stderr).toMatch(
      /--level phải là commune, district hoặc province/,
    )
    expect((await cliInProcess(['--db', db, 'info'])).code).not.toBe(0)
  })
})
