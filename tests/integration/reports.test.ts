import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OfficialDocumentSchema } from '@shared/print/document-schema'
import { REPORTS } from '../../electron/main/services/reports/catalogue'
import { buildReportDocument } from '../../electron/main/services/reports/build'
import { exportReport } from '../../electron/main/services/reports/export'
import { setupOffice } from '../../electron/main/services/office'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import type { ServiceContext } from '../../electron/main/services/context'
import { closeContext, createContext } from '../../electron/main/app-context'
import { chromiumPdfRenderer } from '../../electron/main/export/print/pdf-chromium'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'
import { documentNumbers, pdfLines, printedRowNumbers, workbookNumbers } from '../helpers/report-consistency'
import { cliInProcess } from '../helpers/cli'
import { overviewStats } from '../../electron/main/services/reports/overview'
import { viCollator } from '@shared/text/fold'

const pdf = chromiumPdfRenderer()
afterAll(() => pdf.close())

const LEVELS = {
  commune: { code: '14563', name: 'UBND xã Tân Thành', level: 'commune' },
  district: { code: '373', name: 'UBND huyện Yên Mô', level: 'district' },
} as const

/**
 * An office of a level with generated households (the demo generator builds the level's tree: a
 * commune office's villages, a district office's communes and their villages; members, special
 * groups, causes, two years of assessments). At the commune office every 40th household is left on
 * the commune itself, outside any village, so that its row of "not in a village" appears too.
 */
async function officeWithData(ctx: ServiceContext, households = 300, level: keyof typeof LEVELS = 'commune'): Promise<void> {
  const o = LEVELS[level]
  await setupOffice(ctx, {
    office: { ...o, provinceCode: '37', provinceName: 'Ninh Bình', standardId: 'mdp-2022-2025' },
    units: [],
  })
  await generateDemoData(ctx, { households, seed: 7, years: [2025, 2026] })
  if (level !== 'commune') return
  const root = await ctx.store.db.selectFrom('admin_units').select('id').where('kind', '=', 'commune').executeTakeFirstOrThrow()
  const ids = (await ctx.store.db.selectFrom('households').select('id').orderBy('code').execute()).map((h) => h.id)
  await ctx.store.db
    .updateTable('households')
    .set({ unit_id: root.id })
    .where(
      'id',
      'in',
      ids.filter((_, i) => i % 40 === 0),
    )
    .execute()
}

/** The rows a by-area report must have at this office: every unit one level under it, as the database holds them. */
async function expectedRows(ctx: ServiceContext, level: keyof typeof LEVELS): Promise<string[]> {
  const units = await ctx.store.db.selectFrom('admin_units').select(['id', 'parent_id', 'kind', 'name']).execute()
  const sorted = (xs: typeof units) => xs.map((u) => u.name).sort((a, b) => viCollator.compare(a, b))
  if (level === 'district') return sorted(units.filter((u) => u.kind === 'commune'))
  const root = units.find((u) => u.kind === 'commune')!
  return [...sorted(units.filter((u) => u.parent_id === root.id)), `${root.name} (chưa thuộc thôn, tổ nào)`]
}

/** Reports whose rows are areas: their first column is the level's heading and their last row the sum of the others. */
const BY_AREA = ['summary', 'movements-poor', 'movements-near-poor', 'deprivations-poor', 'deprivations-near-poor', 'deprivations-children']

describe('the report catalogue: one document, three renderings, the same numbers', () => {
  // One office for the whole catalogue: building, rendering and exporting a report do not change
  // what the reports count, and generating the register again for each of them was a third of the file.
  let ctx: ServiceContext
  let folder: string
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sgn-catalogue-'))
    ctx = await createContext({ dbPath: join(folder, 'office.sqlite'), actor: () => 'tester', pdf })
    await officeWithData(ctx)
  })
  afterAll(async () => {
    await closeContext(ctx)
    rmSync(folder, { recursive: true, force: true })
  })
  for (const report of REPORTS) {
    it(`${report.id}: preview, PDF and Excel carry the same numbers; dated from the commune`, async () => {
      const params = { year: 2026, period: 'year' as const, communeId: null }
      const doc = await buildReportDocument(ctx, report.id, params)
      expect(OfficialDocumentSchema.safeParse(doc).success).toBe(true)
      expect(doc.title).toBe(report.title)

      const dir = tempDir()
      const xlsx = join(dir, 'r.xlsx')
      const pdfFile = join(dir, 'r.pdf')
      await exportReport(ctx, report.id, params, 'xlsx', xlsx)
      await exportReport(ctx, report.id, params, 'pdf', pdfFile)
      expect(workbookNumbers(xlsx)).toEqual(documentNumbers(doc))
      const lines = pdfLines(pdfFile)
      // A commune office's documents are dated from the commune, not from the province.
      expect(lines.some((l) => /^Tân Thành, ngày \d+ tháng \d+ năm \d{4}$/.test(l.replace(/^.*?(?=Tân Thành)/, '')))).toBe(true)
      expect(lines.some((l) => l.includes('Ninh Bình, ngày'))).toBe(false)
      for (const row of printedRowNumbers(doc)) {
        if (row.length === 0) continue
        // The row's numbers, in column order, on one printed line (text cells may sit between them).
        const escaped = row.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        const wanted = new RegExp(`(^| )${escaped.join(' (.* )?')}( |$)`)
        expect(
          lines.some((l) => wanted.test(l)),
          `PDF row ${wanted}`,
        ).toBe(true)
      }
    })
  }

  for (const level of ['commune', 'district'] as const) {
    it(`a ${level} office: every by-area report has a row per unit one level down, and its total is their sum`, async () => {
      const ctx = await tempContext({ pdf })
      await officeWithData(ctx, 400, level)
      const rows = await expectedRows(ctx, level)
      expect(rows.length).toBeGreaterThanOrEqual(level === 'commune' ? 9 : 10)
      for (const id of BY_AREA) {
        const doc = await buildReportDocument(ctx, id, { year: 2026, period: 'year', communeId: null })
        const tables = doc.body.flatMap((b) => (b.kind === 'table' ? [b.table] : []))
        expect(tables.length, id).toBeGreaterThan(0)
        for (const t of tables) {
          expect(t.header[0]![1]!.text, id).toBe(level === 'commune' ? 'Thôn/tổ dân phố' : 'Xã/phường')
          expect(
            t.rows.slice(0, -1).map((r) => r[1]),
            id,
          ).toEqual(rows)
          const total = t.rows.at(-1)!
          expect(total[1], id).toBe('Tổng cộng')
          t.columns.forEach((c, col) => {
            if (col === 0 || c.kind !== 'int') return
            const sum = t.rows.slice(0, -1).reduce((s, r) => s + (typeof r[col] === 'number' ? (r[col] as number) : 0), 0)
            expect(total[col], `${id}, column ${col}`).toBe(sum)
          })
        }
      }
      // The overview's chart has the same rows.
      const overview = await overviewStats(ctx, 2026)
      expect(overview.level).toBe(level)
      expect(overview.byCommune.map((r) => r.label)).toEqual(rows)
      // Every household of the year is in some row: the summary's total is the register's.
      const summary = (await buildReportDocument(ctx, 'summary', { year: 2026, period: 'year', communeId: null })).body.find(
        (b) => b.kind === 'table',
      )!
      if (summary.kind !== 'table') throw new Error('no table')
      expect(summary.table.rows.at(-1)![2]).toBe(400)
    })
  }

  it('units: counts every household once, under its commune and village', async () => {
    const ctx = await tempContext({ pdf })
    await officeWithData(ctx, 301, 'district')
    const doc = await buildReportDocument(ctx, 'units', { year: 2026, period: 'year', communeId: null })
    const table = doc.body.find((b) => b.kind === 'table')!
    if (table.kind !== 'table') throw new Error('no table')
    const rows = table.table.rows
    expect(rows.at(-1)).toEqual(['', 'Tổng cộng', '', 301])
    const communeRows = rows.filter((_, i) => table.table.boldRows!.includes(i) && i !== rows.length - 1)
    expect(communeRows.reduce((s, r) => s + (r[3] as number), 0)).toBe(301)
    const villageRows = rows.filter((r) => r[0] === '')
    expect(villageRows.slice(0, -1).reduce((s, r) => s + (r[3] as number), 0)).toBe(301)
  })

  it('remembers the number, date and signer the clerk filled, per report, through the router', async () => {
    const ctx = await tempContext({ pdf })
    await officeWithData(ctx, 3)
    const api = await signedInRouter(ctx, 'clerk')
    const first = await api.invoke('reports.header', { id: 'units' })
    expect(first).toMatchObject({ ok: true, data: { agency: ['UBND xã Tân Thành'], place: 'Tân Thành' } })
    const header = {
      agency: ['UBND HUYỆN YÊN MÔ', 'UBND xã Tân Thành'],
      number: '15/BC-UBND',
      place: 'Yên Mô',
      date: '2026-06-15',
      recipients: ['UBND huyện', 'Lưu: VT'],
      signer: { authority: 'KT. Chủ tịch', title: 'Phó Chủ tịch', name: 'Lê Văn Bình' },
    }
    expect((await api.invoke('reports.saveHeader', { id: 'units', header })).ok).toBe(true)
    const preview = await api.invoke('reports.preview', { id: 'units', params: { year: 2026 } })
    expect(preview).toMatchObject({ ok: true, data: { number: '15/BC-UBND', signer: { name: 'Lê Văn Bình' }, agency: header.agency } })
    expect(await api.invoke('reports.preview', { id: 'khong-co', params: { year: 2026 } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
  })

  it('exports through the save dialog port, and does nothing when the clerk cancels', async () => {
    const dir = tempDir()
    let answer: string | null = null
    const ctx = await tempContext({ pdf, files: { chooseOpenFile: async () => null, chooseSaveFile: async () => answer } })
    await officeWithData(ctx, 5)
    const api = await signedInRouter(ctx, 'clerk')
    expect(await api.invoke('reports.export', { id: 'units', params: { year: 2026 }, format: 'pdf' })).toEqual({
      ok: true,
      data: { cancelled: true },
    })
    answer = join(dir, 'dia-ban.xlsx')
    expect(await api.invoke('reports.export', { id: 'units', params: { year: 2026 }, format: 'xlsx' })).toEqual({
      ok: true,
      data: { cancelled: false, fileName: 'dia-ban.xlsx' },
    })
    expect(workbookNumbers(answer).at(-1)).toBe(5)
  })
})

describe('so-giam-ngheo report', () => {
  it('lists the catalogue one report per line, id then Vietnamese title', async () => {
    // Through the router (reports.list) like every command: on a register.
    const ctx = await tempContext()
    const db = ctx.store.path
    await ctx.store.close()
    const r = await cliInProcess(['--db', db, 'report', '--list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines.length).toBe(REPORTS.length)
    for (const report of REPORTS) expect(lines).toContain(`${report.id}\t${report.title}`)
  })

  it('writes a report as html, and refuses an unknown kind or format', async () => {
    const ctx = await tempContext()
    await officeWithData(ctx, 4)
    const out = join(tempDir(), 'r.html')
    const db = ctx.store.path
    await ctx.store.close()
    const ok = await cliInProcess(['--db', db, 'report', 'units', '--year', '2026', '--format', 'html', '--out', out])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect((await cliInProcess(['--db', db, 'report', 'nope', '--year', '2026', '--format', 'pdf', '--out', out])).code).toBe(2)
    expect((await cliInProcess(['--db', db, 'report', 'units', '--year', '2026', '--format', 'doc', '--out', out])).code).toBe(2)
  })
})
