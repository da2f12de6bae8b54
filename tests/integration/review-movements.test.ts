import { describe, expect, it } from 'vitest'
import { MOVEMENT_REASONS, type MovementRow } from '@shared/domain/reviews'
import { movementHouseholds, movements } from '../../electron/main/services/reviews/movements'
import { signedInRouter } from '../helpers/session'
import { tempContext } from '../helpers/temp'
import { messyRegister, referenceMovements } from '../helpers/review-register'

const nonZero = (rec: Record<string, number>) => Object.fromEntries(Object.entries(rec).filter(([, n]) => n !== 0))

describe('movements over generated registers (property: every row reconciles and matches a plain re-computation)', () => {
  for (const seed of [11, 29, 47]) {
    it(`seed ${seed}: start + entered − left = end in every row, and each cell matches the reference`, async () => {
      const ctx = await tempContext()
      const { years } = await messyRegister(ctx, seed)
      const pairs: [number, number][] = [
        [years[3]!, years[4]!],
        [years[0]!, years[4]!],
        [years[1]!, years[2]!],
      ]
      for (const [y1, y2] of pairs) {
        const rows = await movements(ctx, { from: { year: y1 }, to: { year: y2 } })
        // 3 communes + total, 2 groups, 2 units.
        expect(rows).toHaveLength(16)
        for (const r of rows) {
          const entered = Object.values(r.entered).reduce((a, b) => a + b, 0)
          const left = Object.values(r.left).reduce((a, b) => a + b, 0)
          expect(r.start + entered - left, `${r.commune} ${r.group} ${r.unit} ${y1}→${y2}`).toBe(r.end)
          // Only the declared categories, so the report, the CLI and the UI can label every key.
          expect(Object.keys(r.entered).sort()).toEqual(MOVEMENT_REASONS[r.group].entered.map((x) => x.key).sort())
          expect(Object.keys(r.left).sort()).toEqual(MOVEMENT_REASONS[r.group].left.map((x) => x.key).sort())
        }
        // The total row is the sum of the communes' rows.
        for (const group of ['poor', 'near_poor'] as const) {
          for (const unit of ['households', 'persons'] as const) {
            const mine = rows.filter((r) => r.group === group && r.unit === unit)
            const total = mine.find((r) => r.commune === null)!
            expect(mine.filter((r) => r.commune !== null).reduce((s, r) => s + r.start, 0)).toBe(total.start)
            expect(mine.filter((r) => r.commune !== null).reduce((s, r) => s + r.end, 0)).toBe(total.end)
          }
        }
        const reference = referenceMovements(ctx, y1, y2)
        for (const ref of reference) {
          const got = rows.find((r) => r.commune === ref.commune && r.group === ref.group && r.unit === ref.unit) as MovementRow
          expect(
            { start: got.start, end: got.end, entered: nonZero(got.entered), left: nonZero(got.left) },
            `${ref.commune} ${ref.group} ${ref.unit}`,
          ).toEqual({
            start: ref.start,
            end: ref.end,
            entered: ref.entered,
            left: ref.left,
          })
        }
        // Every category of the poor group is exercised by this data at least once over the pairs.
        const total = rows.find((r) => r.commune === null && r.group === 'poor' && r.unit === 'households')!
        expect(total.start).toBeGreaterThan(0)
        expect(total.end).toBeGreaterThan(0)
      }
      const whole = await movements(ctx, { from: { year: years[0]! }, to: { year: years[4]! } })
      const poorTotal = whole.find((r) => r.commune === null && r.group === 'poor' && r.unit === 'households')!
      for (const key of ['from_near_poor', 'fell_back', 'new']) expect(poorTotal.entered[key], key).toBeGreaterThan(0)
      for (const key of ['to_near_poor', 'above_line', 'other']) expect(poorTotal.left[key], key).toBeGreaterThan(0)

      // Each household of a cell can be listed; the list has as many households as the cell counts.
      const fell = await movementHouseholds(ctx, {
        from: { year: years[0]! },
        to: { year: years[4]! },
        group: 'poor',
        cell: 'entered',
        reason: 'fell_back',
      })
      expect(fell).toHaveLength(poorTotal.entered.fell_back!)
      expect(fell.every((h) => h.end === 'poor' && h.start !== 'poor')).toBe(true)
      const start = await movementHouseholds(ctx, { from: { year: years[0]! }, to: { year: years[4]! }, group: 'poor', cell: 'start' })
      expect(start).toHaveLength(poorTotal.start)
    })
  }

  it('one commune only, through the router; bad periods are refused', async () => {
    const ctx = await tempContext()
    await messyRegister(ctx, 5, 200)
    const api = await signedInRouter(ctx, 'clerk')
    const communes = await ctx.store.db.selectFrom('admin_units').select(['id', 'code']).where('kind', '=', 'commune').execute()
    const all = await api.invoke('movements.get', { from: { year: 2024 }, to: { year: 2025 } })
    const one = await api.invoke('movements.get', { from: { year: 2024 }, to: { year: 2025 }, communeId: communes[1]!.id })
    if (!all.ok || !one.ok) throw new Error('movements failed')
    const rowsAll = all.data as MovementRow[]
    const rowsOne = one.data as MovementRow[]
    expect(rowsOne).toHaveLength(8)
    const mine = rowsAll.find((r) => r.commune === communes[1]!.code && r.group === 'near_poor' && r.unit === 'persons')!
    const oneTotal = rowsOne.find((r) => r.commune === null && r.group === 'near_poor' && r.unit === 'persons')!
    expect({ ...oneTotal, commune: mine.commune, communeName: mine.communeName }).toEqual(mine)
    const backwards = await api.invoke('movements.get', { from: { year: 2025 }, to: { year: 2024 } })
    expect(backwards.ok ? null : backwards.error.message).toMatch(/Mốc cuối phải sau mốc đầu/)
    const mixed = await api.invoke('movements.get', { from: { year: 2024 }, to: { date: '2025-12-31' } })
    expect(mixed.ok ? null : mixed.error.message).toMatch(/cùng là năm rà soát hoặc cùng là ngày/)
  })
})
