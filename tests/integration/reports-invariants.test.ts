import { describe, expect, it } from 'vitest'
import type { Cell, DocTable, OfficialDocument } from '@shared/print/document'
import { buildReportDocument } from '../../electron/main/services/reports/build'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { setupOffice } from '../../electron/main/services/office'
import type { ServiceContext } from '../../electron/main/services/context'
import { tempContext } from '../helpers/temp'

const YEAR = 2026
const params = { year: YEAR, period: 'year' as const, communeId: null }

async function office(ctx: ServiceContext, seed: number): Promise<void> {
  await setupOffice(ctx, {
    office: { code: '14563', name: 'UBND xã Tân Thành', provinceCode: '37', mode: 'office', standardId: 'mdp-2022-2025' },
    units: [
      { kind: 'commune', code: '14563', name: 'Xã Tân Thành', parentIndex: null },
      { kind: 'commune', code: '14566', name: 'Phường Hòa Bình', parentIndex: null },
      { kind: 'village', name: 'Tổ 1', parentIndex: 1 },
    ],
  })
  await generateDemoData(ctx, { households: 400, seed, years: [2025, YEAR] })
  const to1 = await ctx.store.db.selectFrom('admin_units').select('id').where('name', '=', 'Tổ 1').executeTakeFirstOrThrow()
  const ids = (await ctx.store.db.selectFrom('households').select('id').orderBy('code').execute()).map((h) => h.id)
  await ctx.store.db
    .updateTable('households')
    .set({ unit_id: to1.id })
    .where(
      'id',
      'in',
      ids.filter((_, i) => i % (2 + (seed % 3)) === 0),
    )
    .execute()
}

function tables(doc: OfficialDocument): DocTable[] {
  return doc.body.flatMap((b) => (b.kind === 'table' ? [b.table] : []))
}
const num = (c: Cell | undefined) => (typeof c === 'number' ? c : 0)

/** Independent counts straight from SQL, to check the reports against. */
async function count(ctx: ServiceContext, classification?: string): Promise<number> {
  let q = ctx.store.db
    .selectFrom('household_assessments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', YEAR)
  if (classification) q = q.where('classification', '=', classification as 'poor')
  return Number((await q.executeTakeFirstOrThrow()).n)
}

describe('report invariants over generated registers', () => {
  for (const seed of [3, 11, 29]) {
    it(`seed ${seed}: summary totals are the sums of the rows, rates come from the counts, and they match the register`, async () => {
      const ctx = await tempContext()
      await office(ctx, seed)
      const [t] = tables(await buildReportDocument(ctx, 'summary', params))
      const body = t!.rows.slice(0, -1)
      const total = t!.rows.at(-1)!
      expect(body.length).toBe(2)
      for (const col of [2, 3, 4, 5, 7, 8, 10, 11, 13, 14, 15, 16]) {
        expect(total[col], `column ${col}`).toBe(body.reduce((s, r) => s + num(r[col]), 0))
      }
      for (const row of t!.rows) {
        for (const [countCol, rateCol] of [
          [4, 6],
          [7, 9],
          [10, 12],
        ] as const) {
          expect(row[rateCol]).toBeCloseTo(num(row[countCol]) / num(row[2]), 4)
        }
        expect(num(row[13]) + num(row[14])).toBe(row[4]) // poor = rural + urban
        expect(num(row[15]) + num(row[16])).toBe(row[7])
      }
      expect(total[2]).toBe(await count(ctx))
      expect(total[4]).toBe(await count(ctx, 'poor'))
      expect(total[7]).toBe(await count(ctx, 'near_poor'))
      expect(num(total[4])).toBeGreaterThan(0)
    })

    it(`seed ${seed}: deprivation counts stay within the households and add up to the total of deprivations`, async () => {
      const ctx = await tempContext()
      await office(ctx, seed)
      const [counts, shares] = tables(await buildReportDocument(ctx, 'deprivations-poor', params))
      expect(counts!.columns).toHaveLength(4 + 12)
      for (const row of counts!.rows) {
        const indicators = row.slice(4).map(num)
        expect(indicators.reduce((s, n) => s + n, 0)).toBe(row[3]) // each deprivation is one indicator of one household
        for (const n of indicators) expect(n).toBeLessThanOrEqual(num(row[2]))
      }
      for (const [i, row] of shares!.rows.entries()) {
        const c = counts!.rows[i]!
        row.slice(3).forEach((s, k) => expect(s).toBeCloseTo(num(c[4 + k]) / Math.max(1, num(c[2])), 4))
      }
      expect(counts!.rows.at(-1)![2]).toBe(await count(ctx, 'poor'))
    })

    it(`seed ${seed}: the detailed lists hold exactly the year's poor and near-poor households`, async () => {
      const ctx = await tempContext()
      await office(ctx, seed)
      for (const [id, cls] of [
        ['list-poor', 'poor'],
        ['list-near-poor', 'near_poor'],
      ] as const) {
        const [t] = tables(await buildReportDocument(ctx, id, params))
        const households = t!.rows.filter((r) => typeof r[0] === 'number')
        expect(households.length).toBe(await count(ctx, cls))
        expect(t!.rows.at(-1)![1]).toBe(`Tổng cộng: ${households.length} hộ`)
        // Numbered 1..n without gaps, across communes.
        expect(households.map((r) => r[0])).toEqual(households.map((_, i) => i + 1))
      }
    })
  }

  it("the breakdowns count only the year's poor and near-poor, and their last row is those totals", async () => {
    const ctx = await tempContext()
    await office(ctx, 5)
    for (const id of ['groups', 'ethnicity', 'causes']) {
      const [t] = tables(await buildReportDocument(ctx, id, params))
      const last = t!.rows.at(-1)!
      expect(last[2], id).toBe(await count(ctx, 'poor'))
      expect(last[5], id).toBe(await count(ctx, 'near_poor'))
      for (const row of t!.rows.slice(0, -1)) {
        expect(num(row[2])).toBeLessThanOrEqual(num(last[2]))
        expect(row[4]).toBeCloseTo(num(row[2]) / Math.max(1, num(last[2])), 4)
      }
    }
    // Every household has exactly one ethnicity: the ethnicity rows add up to the totals.
    const [eth] = tables(await buildReportDocument(ctx, 'ethnicity', params))
    expect(eth!.rows.slice(0, -1).reduce((s, r) => s + num(r[2]), 0)).toBe(eth!.rows.at(-1)![2])
  })

  it("one commune at a time: the commune report is that commune's row of the whole-office report", async () => {
    const ctx = await tempContext()
    await office(ctx, 13)
    const whole = tables(await buildReportDocument(ctx, 'summary', params))[0]!
    const communes = await ctx.store.db.selectFrom('admin_units').select(['id', 'name']).where('kind', '=', 'commune').execute()
    for (const c of communes) {
      const one = tables(await buildReportDocument(ctx, 'summary', { ...params, communeId: c.id }))[0]!
      expect(one.rows).toHaveLength(2)
      const row = whole.rows.find((r) => r[1] === c.name)!
      expect(one.rows[0]!.slice(2)).toEqual(row.slice(2))
    }
  })
})
