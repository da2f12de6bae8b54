import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MovementRow } from '@shared/domain/reviews'
import { closeContext, createContext } from '../../electron/main/app-context'
import { movements } from '../../electron/main/services/reviews/movements'
import { cliInProcess } from '../helpers/cli'
import { messyRegister } from '../helpers/review-register'
import { tempDir } from '../helpers/temp'

describe('review and movements on the command line', () => {
  it('opens a year, reports its status, and prints movements as the documented JSON', async () => {
    const db = join(tempDir(), 'cli.sqlite')
    const ctx = await createContext({ dbPath: db })
    await messyRegister(ctx, 3, 150)
    const expected = await movements(ctx, { from: { year: 2024 }, to: { year: 2025 } })
    // The list is the households poor or near-poor at that moment (their latest class up to 2025), not the
    // whole register as the test once expected (Decision 24/2021).
    const households = (
      ctx.store.sqlite
        .prepare(
          `select count(*) as n from households h
           where (select a.classification from household_assessments a where a.household_id = h.id and a.year <= 2025
                  order by a.year desc limit 1) in ('poor', 'near_poor')`,
        )
        .get() as { n: number }
    ).n
    await closeContext(ctx)

    const none = await cliInProcess(['--db', db, 'review', 'open', '--year', '2035'])
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/Chưa có chuẩn nghèo nào áp dụng cho năm 2035/)
    const open = await cliInProcess(['--db', db, 'review', 'open', '--year', '2025'])
    expect(open.stderr).toBe('')
    expect(open.stdout).toMatch(
      new RegExp(`Đã mở kỳ rà soát năm 2025 theo Chuẩn nghèo đa chiều giai đoạn 2022–2025: ${households} hộ cần rà soát`),
    )
    const status = await cliInProcess(['--db', db, 'review', 'status', '--year', '2025', '--json'])
    const parsed = JSON.parse(status.stdout) as {
      standardId: string
      listed: number
      rows: { level: string; total: number; surveyed: number }[]
    }
    expect([parsed.standardId, parsed.listed]).toEqual(['mdp-2022-2025', households])
    const total = parsed.rows.find((r) => r.level === 'total')!
    // Households already assessed for 2025 start as surveyed; the generator dropped some years.
    expect(total.total).toBe(households)
    expect(total.surveyed).toBeGreaterThan(0)
    expect(total.surveyed).toBeLessThan(households)
    expect((await cliInProcess(['--db', db, 'review', 'status', '--year', '2025'])).stdout).toMatch(/Xã Mẫu Sơn/)

    const mv = await cliInProcess(['--db', db, 'movements', '--from', '2024', '--to', '2025', '--json'])
    expect(mv.code).toBe(0)
    const rows = JSON.parse(mv.stdout) as Omit<MovementRow, 'communeName'>[]
    expect(rows).toEqual(expected.map(({ communeName: _n, ...r }) => r))
    expect(Object.keys(rows[0]!)).toEqual(['commune', 'group', 'unit', 'start', 'entered', 'left', 'end'])
    expect(rows.filter((r) => r.commune === null)).toHaveLength(4)
    for (const r of rows) {
      const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0)
      expect(r.start + sum(r.entered) - sum(r.left)).toBe(r.end)
    }
    const bad = await cliInProcess(['--db', db, 'movements', '--from', '2024', '--to', '31/12/2025'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/cùng là năm hoặc cùng là ngày/)
  })
})
