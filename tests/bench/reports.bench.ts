import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { it } from 'vitest'
import { closeContext, createContext } from '../../electron/main/app-context'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { setupOffice } from '../../electron/main/services/office'
import { buildReportDocument } from '../../electron/main/services/reports/build'
import { writeDocument } from '../../electron/main/services/reports/export'
import { median, record } from './record'

const N = Number(process.env.SGN_BENCH_HOUSEHOLDS ?? 500_000)
const LIST_N = Number(process.env.SGN_BENCH_LIST ?? 100_000)
const PDF_N = Number(process.env.SGN_BENCH_PDF ?? 5_000)
const YEAR = 2025

/** The aggregate a hand-written results summary would run: one GROUP BY, straight on better-sqlite3. */
const RAW_SUMMARY = `
  select h.unit_id, a.classification, a.area_type, count(*) as hh, sum(h.member_count) as persons
  from household_assessments a join households h on h.id = a.household_id
  where a.year = ? group by h.unit_id, a.classification, a.area_type`

async function office(dbPath: string, households: number) {
  const ctx = await createContext({ dbPath })
  await setupOffice(ctx, {
    office: { code: 'B', name: 'Bench', provinceCode: '20', standardId: 'mdp-2022-2025' },
    units: [{ kind: 'commune', code: '06100', name: 'Xã Bench', parentIndex: null }],
  })
  await generateDemoData(ctx, { households, seed: 42, years: [2024, YEAR] })
  ctx.store.sqlite.exec('analyze')
  return ctx
}

it(`results summary over ${N.toLocaleString('en')} households vs the raw SQL aggregate`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  const ctx = await office(join(dir, 'summary.sqlite'), N)
  try {
    const raw = ctx.store.sqlite.prepare(RAW_SUMMARY)
    const params = { year: YEAR, period: 'year' as const, communeId: null }
    raw.all(YEAR)
    await buildReportDocument(ctx, 'summary', params)
    const service: number[] = []
    const hand: number[] = []
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now()
      raw.all(YEAR)
      hand.push(performance.now() - t0)
      t0 = performance.now()
      await buildReportDocument(ctx, 'summary', params)
      service.push(performance.now() - t0)
    }
    record({ name: `reports.summary.${N}.raw-sql`, value: median(hand), unit: 'ms' })
    record({ name: `reports.summary.${N}`, value: median(service), unit: 'ms', ratio: median(service) / median(hand), target: 1.2 })
  } finally {
    await closeContext(ctx)
    rmSync(dir, { recursive: true, force: true })
  }
})

it(`${LIST_N.toLocaleString('en')}-household list to Excel vs raw ExcelJS streaming of the same rows, and ${PDF_N.toLocaleString('en')} rows to PDF`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  // Every household poor, so the list of the poor has exactly LIST_N rows.
  const ctx = await office(join(dir, 'list.sqlite'), LIST_N)
  try {
    ctx.store.sqlite.prepare("update household_assessments set classification = 'poor' where year = ?").run(YEAR)
    const params = { year: YEAR, period: 'year' as const, communeId: null }
    const doc = await buildReportDocument(ctx, 'list-poor', params)
    const table = doc.body.find((b) => b.kind === 'table')
    if (!table || table.kind !== 'table') throw new Error('no table')

    const ours: number[] = []
    const raw: number[] = []
    const rawUnstyled: number[] = []
    let peak = 0
    // The raw writer as a styled workbook needs it (ExcelJS's `useStyles: true`), and, for the
    // record, with no styles at all.
    const rawWrite = async (file: string, useStyles: boolean) => {
      const t1 = performance.now()
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles, useSharedStrings: false })
      const ws = wb.addWorksheet('raw')
      for (const row of table.table.rows) ws.addRow(row).commit()
      await ws.commit()
      await wb.commit()
      return performance.now() - t1
    }
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      const mem = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
      await writeDocument(ctx, doc, 'xlsx', join(dir, `ours-${i}.xlsx`))
      clearInterval(mem)
      ours.push(performance.now() - t0)
      raw.push(await rawWrite(join(dir, `raw-${i}.xlsx`), true))
      rawUnstyled.push(await rawWrite(join(dir, `plain-${i}.xlsx`), false))
    }
    record({ name: `reports.list-xlsx.${LIST_N}.raw-exceljs-unstyled`, value: median(rawUnstyled), unit: 'ms' })
    record({ name: `reports.list-xlsx.${LIST_N}.raw-exceljs-styles-on`, value: median(raw), unit: 'ms' })
    record({
      name: `reports.list-xlsx.${LIST_N}`,
      value: median(ours),
      unit: 'ms',
      ratio: median(ours) / median(raw),
      target: 1.3,
      note: `${(median(ours) / median(rawUnstyled)).toFixed(2)}× the unstyled writer; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB, file ${(statSync(join(dir, 'ours-0.xlsx')).size / 1024 / 1024).toFixed(1)} MB`,
    })

    const small = {
      ...doc,
      body: doc.body.map((b) => (b.kind === 'table' ? { ...b, table: { ...b.table, rows: b.table.rows.slice(0, PDF_N) } } : b)),
    }
    const t0 = performance.now()
    await writeDocument(ctx, small, 'pdf', join(dir, 'list.pdf'))
    record({
      name: `reports.list-pdf.${PDF_N}`,
      value: performance.now() - t0,
      unit: 'ms',
      note: `${(statSync(join(dir, 'list.pdf')).size / 1024 / 1024).toFixed(1)} MB`,
    })
  } finally {
    await closeContext(ctx)
    rmSync(dir, { recursive: true, force: true })
  }
})
