import { describe, expect, it } from 'vitest'
import type { Target, TargetProgress } from '@shared/domain/reviews'
import type { OfficialDocument } from '@shared/print/document'
import { messyRegister } from '../helpers/review-register'
import { ok, refused } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { tempContext } from '../helpers/temp'

describe('targets against results, and the review reports in the catalogue', () => {
  it('computes each year from the assessments, refuses bad targets, and feeds the catalogue', async () => {
    const ctx = await tempContext()
    await messyRegister(ctx, 17, 300)
    const api = await signedInRouter(ctx, 'clerk')
    const commune = await ctx.store.db.selectFrom('admin_units').select('id').where('code', '=', '06103').executeTakeFirstOrThrow()
    const rate = await ok<Target>(api, 'targets.save', { kind: 'rate_drop', value: 1, fromYear: 2023, toYear: 2025 })
    expect(rate.label).toBe('Tỷ lệ hộ nghèo giảm ≥ 1 điểm %/năm')
    await ok(api, 'targets.save', {
      kind: 'count_reduction',
      value: 66.7,
      baseYear: 2021,
      fromYear: 2022,
      toYear: 2025,
      communeId: commune.id,
    })
    const noBase = await refused(api, 'targets.save', { kind: 'count_reduction', value: 50, fromYear: 2022, toYear: 2025 })
    expect(noBase.message).toMatch(/Giảm số hộ nghèo cần năm gốc trước năm kết thúc/)
    expect((await refused(api, 'targets.save', { kind: 'rate_drop', value: 150, fromYear: 2023, toYear: 2025 })).message).toMatch(
      /không quá 100/,
    )

    const progress = await ok<TargetProgress[]>(api, 'targets.progress', {})
    expect(progress).toHaveLength(2)
    // The same figures straight from SQL.
    const level = (year: number, communeId: string | null) =>
      ctx.store.sqlite
        .prepare(
          `select count(*) as total, sum(a.classification = 'poor') as poor from household_assessments a join households h on h.id = a.household_id
           left join admin_units v on v.id = h.unit_id
           where a.year = ? and (? is null or v.id = ? or v.parent_id = ? or v.parent_id in (select id from admin_units where parent_id = ?))`,
        )
        .get(year, communeId, communeId, communeId, communeId) as { total: number; poor: number }
    const rateProgress = progress.find((p) => p.kind === 'rate_drop')!
    const reduction = progress.find((p) => p.kind === 'count_reduction')!
    for (const y of rateProgress.years) {
      const now = level(y.year, null)
      const before = level(y.year - 1, null)
      const drop = Math.round(((before.poor / before.total) * 100 - (now.poor / now.total) * 100) * 100) / 100
      expect(y.actual).toBe(drop)
      expect(y.met).toBe(drop >= 1)
    }
    const base = level(2021, commune.id).poor
    const last = reduction.years.at(-1)!
    expect(last.expected).toBe(66.7)
    expect(last.level).toBe(level(2025, commune.id).poor)
    expect(last.actual).toBe(Math.round(((base - level(2025, commune.id).poor) / base) * 100 * 100) / 100)

    // The catalogue's movement and target reports, built from the same services.
    const movementDoc = await ok<OfficialDocument>(api, 'reports.preview', { id: 'movements-poor', params: { year: 2025 } })
    const table = movementDoc.body.find((b) => b.kind === 'table')
    if (table?.kind !== 'table') throw new Error('no table')
    const total = table.table.rows.at(-1)!
    expect(total[1]).toBe('Tổng cộng')
    const n = total.slice(2) as number[]
    // Households: start − (3 decreases) + (4 increases) = end; persons likewise.
    expect(n[0]! - n[2]! - n[4]! - n[6]! + n[8]! + n[10]! + n[12]! + n[14]!).toBe(n[16])
    expect(n[1]! - n[3]! - n[5]! - n[7]! + n[9]! + n[11]! + n[13]! + n[15]!).toBe(n[17])
    const targetsDoc = await ok<OfficialDocument>(api, 'reports.preview', { id: 'targets', params: { year: 2025 } })
    expect(targetsDoc.subtitle).toMatch(/2 chỉ tiêu áp dụng cho năm 2025/)
    await ok(api, 'targets.delete', { id: rate.id })
    expect(await ok<Target[]>(api, 'targets.list', {})).toHaveLength(1)
    const trail = await ctx.store.db.selectFrom('audit_log').select('action').where('entity', '=', 'review_target').orderBy('seq').execute()
    expect(trail.map((t) => t.action)).toEqual(['create', 'create', 'delete'])
  })
})
