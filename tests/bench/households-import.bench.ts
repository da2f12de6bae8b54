import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { it } from 'vitest'
import { createContext } from '../../electron/main/app-context'
import { setupOffice } from '../../electron/main/services/office'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { searchTerms, searchText } from '@shared/text/search-terms'
import { viSortKey } from '@shared/text/sort-key'
import { writeHouseholdList } from '../helpers/router-worker'
import { record } from './record'

const N = Number(process.env.SGN_BENCH_IMPORT ?? 100_000)
it(`import of a ${N.toLocaleString('en')}-household .xlsx vs raw ExcelJS reading + raw prepared inserts`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  try {
    const file = join(dir, 'list.xlsx')
    await writeHouseholdList(file, N)
    // Raw: stream the rows with ExcelJS, then insert the same rows (household, head, assessment, search) with prepared statements.
    const rawCtx = await createContext({ dbPath: join(dir, 'raw.sqlite') })
    const r0 = performance.now()
    const rows: unknown[][] = []
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' })
    for await (const ws of reader) for await (const row of ws) rows.push(row.values as unknown[])
    const db = rawCtx.store.sqlite
    const unit = randomUUID()
    db.prepare(
      "insert into admin_units (id, parent_id, kind, code, name, name_folded, active, created_at, updated_at) values (?, null, 'village', '', 'T', 't', 1, '', '')",
    ).run(unit)
    const h = db.prepare(
      'insert into households (id, code, unit_id, head_name, head_name_folded, head_name_sort, area_type, created_at, updated_at, search_rowid, search_text) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const m = db.prepare(
      "insert into household_members (id, household_id, position, full_name, full_name_folded, sex, birth_date, citizen_id, relationship, schooling, working) values (?, ?, 0, ?, ?, ?, ?, ?, 'head', '', '')",
    )
    const a = db.prepare(
      "insert into household_assessments (id, household_id, year, standard_id, area_type, income_per_person_month, indicators_json, deprived_count, deprivation_score, classification, reasons_json, created_at, updated_at) values (?, ?, 2024, 's', 'rural', ?, ?, 0, 0, 'poor', '[]', '', '')",
    )
    const f = db.prepare('insert into household_search_terms (term, household_key, sort_key) values (?, ?, ?)')
    const a0 = db.prepare('insert into audit_log (id, at, actor, entity, entity_id, action, after_json) values (?, ?, ?, ?, ?, ?, ?)')
    db.transaction(() => {
      rows.slice(1).forEach((v, i) => {
        const id = randomUUID()
        // The same search rows the app writes: each word start of the head's folded name, the ID, the code.
        const text = searchText(String(v[1]), [{ fullName: String(v[2]), citizenId: String(v[5]) }])
        const sort = viSortKey(String(v[2]))
        for (const term of searchTerms(text)) f.run(term, i + 1, sort)
        h.run(id, String(v[1]), unit, String(v[2]), String(v[2]), sort, 'rural', '', '', i + 1, text)
        m.run(randomUUID(), id, String(v[2]), String(v[2]), 'male', String(v[3]), String(v[5]))
        a.run(randomUUID(), id, Number(v[8]), String(v[9]))
        a0.run(randomUUID(), '', '', 'household', id, 'import.create', JSON.stringify(v))
      })
    })()
    const raw = performance.now() - r0
    await rawCtx.store.close()

    const ctx = await createContext({ dbPath: join(dir, 'app.sqlite') })
    await setupOffice(ctx, { office: { code: 'B', name: 'Bench', provinceCode: '20', standardId: 'mdp-2022-2025' }, units: [] })
    const t0 = performance.now()
    const result = await importHouseholds(ctx, file, { year: 2024 }, { dryRun: false })
    const ours = performance.now() - t0
    await ctx.store.close()
    if (result.created !== N) throw new Error(`imported ${result.created} of ${N}: ${JSON.stringify(result.errors.slice(0, 3))}`)
    record({ name: `households.import.${N}.raw`, value: raw, unit: 'ms' })
    record({ name: `households.import.${N}`, value: ours, unit: 'ms', ratio: ours / raw, target: 1.5 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
