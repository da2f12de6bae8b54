import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { CaseRow } from '@shared/domain/reviews'
import type { ServiceContext } from '../../electron/main/services/context'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { saveHousehold } from '../../electron/main/services/households/save'
import { importPackage } from '../../electron/main/services/packages/import'
import { mergeUnits } from '../../electron/main/services/units'
import { derivedProblems } from '../helpers/household-derived'
import { officeWithVillages } from '../helpers/households'
import { household, ok } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { closeAll, makeOffice, makeProvince } from './packages-offices'

// Households, their members, assessments, search terms and audit rows have one writer
// (electron/main/store/households.ts). Each caller's writes leave the derived columns as the writer
// computes them from scratch (tests/helpers/household-derived.ts) and the audit row the caller names.

const auditRows = (ctx: ServiceContext, action: string) =>
  ctx.store.sqlite.prepare('select * from audit_log where action = ? order by seq').all(action) as {
    entity: string
    entity_id: string
    actor: string
    before_json: string | null
    after_json: string | null
  }[]

async function list(path: string, rows: [code: string, name: string, citizenId: string, income: number][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Danh sách')
  ws.addRow(['Mã hộ', 'Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập bình quân'])
  for (const [code, name, citizenId, income] of rows) ws.addRow([code, name, 1970, 'Nam', citizenId, 'Thôn Đồng Tâm', income])
  await wb.xlsx.writeFile(path)
}

describe('the household writer', () => {
  it('the check it relies on finds a derived column out of step', async () => {
    const ctx = await tempContext({ now: fixedClock('2026-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    await generateDemoData(ctx, { households: 5, seed: 3 })
    expect(derivedProblems(ctx.store)).toEqual([])
    ctx.store.sqlite.prepare("update households set head_name_sort = 'x' where code = 'HGD-000002'").run()
    ctx.store.sqlite.prepare("update households set latest_class = 'poor', latest_year = 1999 where code = 'HGD-000003'").run()
    const problems = derivedProblems(ctx.store)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^HGD-000002: stored \{"head_name_folded":"[^"]+","head_name_sort":"x"/)
    expect(problems[1]).toMatch(/^HGD-000003: latest 1999\/poor, newest assessment 2025\//)
  })

  it('save: create, rename the head, drop a member, add an assessment', async () => {
    const ctx = await tempContext({ now: fixedClock('2026-01-10T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const v = villages['Thôn Đồng Tâm']!
    const created = await saveHousehold(ctx, household(v, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9, 10]))
    expect(derivedProblems(ctx.store)).toEqual([])
    const input = household(v, 'Hoàng Văn Ân', '020075000001', 2025, 2_500_000)
    const updated = await saveHousehold(ctx, {
      ...input,
      id: created.id,
      household: { ...input.household, code: created.code },
      members: [{ ...input.members[0]!, id: created.members[0]!.id }],
    })
    expect(updated.members).toHaveLength(1)
    expect(derivedProblems(ctx.store)).toEqual([])
    const h = ctx.store.sqlite.prepare('select head_name, latest_year from households').get()
    expect(h).toEqual({ head_name: 'Hoàng Văn Ân', latest_year: 2025 })
    const ofHousehold = (action: string) => auditRows(ctx, action).filter((a) => a.entity === 'household')
    const [create, update] = [ofHousehold('create'), ofHousehold('update')]
    expect(create.map((a) => [a.entity, a.entity_id])).toEqual([['household', created.id]])
    expect(JSON.parse(update[0]!.before_json!).members.map((m: { fullName: string }) => m.fullName)).toEqual([
      'Hoàng Văn An',
      'Lương Thị An',
    ])
    expect(JSON.parse(update[0]!.after_json!).members.map((m: { fullName: string }) => m.fullName)).toEqual(['Hoàng Văn Ân'])
  })

  it('import: new households, then the same list with a renamed head and a new income', async () => {
    const ctx = await tempContext({ now: fixedClock('2026-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    const path = join(ctx.dir, 'ds.xlsx')
    await list(path, [
      ['T-1', 'Hoàng Văn An', '020075000001', 900_000],
      ['T-2', 'Nông Thị Bình', '020075000002', 3_000_000],
    ])
    expect((await importHouseholds(ctx, path, { year: 2025 }, { dryRun: false })).created).toBe(2)
    expect(derivedProblems(ctx.store)).toEqual([])
    expect(auditRows(ctx, 'import.create')).toHaveLength(2)
    await list(path, [
      ['T-1', 'Hoàng Văn Ánh', '020075000001', 3_000_000],
      ['T-2', 'Nông Thị Bình', '020075000002', 3_000_000],
    ])
    expect((await importHouseholds(ctx, path, { year: 2025 }, { dryRun: false })).updated).toBe(2)
    expect(derivedProblems(ctx.store)).toEqual([])
    const renamed = ctx.store.sqlite.prepare("select head_name, latest_class from households where code = 'T-1'").get()
    expect(renamed).toMatchObject({ head_name: 'Hoàng Văn Ánh' })
    const updates = auditRows(ctx, 'import.update')
    expect(updates).toHaveLength(2)
    expect(JSON.parse(updates[0]!.after_json!).head.fullName).toBe('Hoàng Văn Ánh')
    expect(auditRows(ctx, 'import').map((a) => a.entity)).toEqual(['household_import', 'household_import'])
  })

  it('demo data, then a merge of two villages', async () => {
    const ctx = await tempContext({ now: fixedClock('2026-01-10T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    await generateDemoData(ctx, { households: 200, seed: 11 })
    expect(derivedProblems(ctx.store)).toEqual([])
    expect(auditRows(ctx, 'demo-data').map((a) => JSON.parse(a.after_json!))).toEqual([{ households: 200, seed: 11 }])
    const [from, into] = Object.values(villages)
    const before = ctx.store.sqlite.prepare('select count(*) from households where unit_id = ?').pluck().get(from) as number
    await mergeUnits(ctx, { fromId: from!, intoId: into! })
    expect(ctx.store.sqlite.prepare('select count(*) from households where unit_id = ?').pluck().get(from)).toBe(0)
    expect(JSON.parse(auditRows(ctx, 'merge')[0]!.after_json!).households).toBe(before)
    expect(derivedProblems(ctx.store)).toEqual([])
  })

  it("review survey: the year's result becomes the household's latest class", async () => {
    const ctx = await tempContext({ now: fixedClock('2025-09-05T02:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const clerk = await signedInRouter(ctx, 'clerk')
    await ok(clerk, 'households.save', household(villages['Thôn Đồng Tâm']!, 'Hoàng Văn An', '020075000001', 2024, 1_000_000, [9]))
    await ok(clerk, 'review.open', { year: 2025 })
    const [c] = await ok<CaseRow[]>(clerk, 'review.cases', { year: 2025 })
    const survey = (income: number) => ({
      caseId: c!.id,
      screening: {},
      assessment: { incomePerPersonMonth: income, housingAreaM2: 40, indicators: [] },
    })
    await ok(clerk, 'review.survey', survey(3_000_000))
    expect(derivedProblems(ctx.store)).toEqual([])
    expect(ctx.store.sqlite.prepare('select latest_year from households').pluck().get()).toBe(2025)
    await ok(clerk, 'review.survey', survey(900_000))
    expect(derivedProblems(ctx.store)).toEqual([])
    expect(ctx.store.sqlite.prepare('select latest_class from households').pluck().get()).toBe('near_poor')
    const surveys = auditRows(ctx, 'survey')
    expect(surveys.map((a) => [a.entity, a.entity_id])).toEqual([
      ['review_case', c!.id],
      ['review_case', c!.id],
    ])
    expect(JSON.parse(surveys[1]!.after_json!).classification).toBe('near_poor')
  })

  it("package import at the province: another office's households get this database's search columns", async () => {
    const dir = tempDir()
    const a = await makeOffice(dir, '14563', 'Tân Thành')
    const province = await makeProvince(dir, [a])
    try {
      await generateDemoData(a.ctx, { households: 150, seed: 5, years: [2025] })
      const input = household(a.villageIds[0]!, 'Hoàng Văn An', '020075000001', 2025, 1_000_000, [9])
      const saved = await saveHousehold(a.ctx, input)
      // The fixture's three households were written raw, without derived columns: only the writer's are checked.
      const written = (code: string) => code.startsWith('HGD-')
      expect(derivedProblems(a.ctx.store, written)).toEqual([])
      expect(await importPackage(province.ctx, await a.exportNext())).toMatchObject({ status: 'imported' })
      expect(derivedProblems(province.ctx.store, written)).toEqual([])
      const count = () => province.ctx.store.sqlite.prepare('select count(*) from households').pluck().get()
      expect(count()).toBe(154)
      // The office renames a head, drops the spouse and a household, and sends again: the province's index follows.
      await saveHousehold(a.ctx, {
        ...input,
        id: saved.id,
        household: { ...input.household, code: saved.code },
        members: [{ ...input.members[0]!, fullName: 'Hoàng Văn Ánh', id: saved.members[0]!.id }],
      })
      a.ctx.store.sqlite.prepare("delete from households where code = 'HGD-000005'").run()
      expect(await importPackage(province.ctx, await a.exportNext())).toMatchObject({ status: 'imported' })
      expect(count()).toBe(153)
      expect(derivedProblems(province.ctx.store, written)).toEqual([])
      const found = province.ctx.store.sqlite
        .prepare(
          "select h.head_name from household_search_terms t join households h on h.search_rowid = t.household_key where t.term = 'anh'",
        )
        .pluck()
        .all()
      expect(found).toContain('Hoàng Văn Ánh')
    } finally {
      await closeAll(a.ctx, province.ctx)
    }
  })

  it('is the only module that inserts into the household tables (the issue’s done-when grep)', () => {
    const root = join(__dirname, '../..')
    const grep = (pattern: string) =>
      execFileSync('grep', ['-rlnE', pattern, 'electron/main'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort()
    expect(grep("insertInto\\('households'\\)|insert into households")).toEqual(['electron/main/store/households.ts'])
    expect(grep("insertInto\\('household_(members|assessments)'\\)|insert into household_(members|assessments)")).toEqual([
      'electron/main/store/households.ts',
    ])
    expect(grep("updateTable\\('household(s|_members|_assessments)'\\)|deleteFrom\\('household(s|_members|_assessments)'\\)")).toEqual([
      'electron/main/store/households.ts',
    ])
  })
})
