import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import { describe, expect, it } from 'vitest'
import type { Cycle } from '@shared/domain/reviews'
import { closeContext, createContext } from '../../electron/main/app-context'
import { migrationProvider } from '../../electron/main/store/migrations'
import { listCycles } from '../../electron/main/services/reviews/cycles'
import { tempDir } from '../helpers/temp'

// A database made before migration 0011 (schema 10): its reviews stay as they were, the 2026 review
// opened under 2022–2025 shows the clerk that the law sets another standard for it, and the B1
// scores that were computed from income (never entered) are gone.

describe('a database upgraded by migration 0011', () => {
  it('keeps its reviews, warns about the 2026 review’s standard, and clears computed B1 scores', async () => {
    const path = join(tempDir(), 'office.sqlite')
    const raw = new Database(path)
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) })
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo('0010_duplicate_dismissals')
    expect(error).toBeUndefined()
    await db.destroy()

    const old = new Database(path)
    expect(old.pragma('user_version', { simple: true })).toBe(10)
    const at = '2026-09-02T01:00:00.000Z'
    old
      .prepare(
        `insert into office (id, code, name, province_code, province_name, mode, standard_id, created_at, updated_at)
         values ('o1', 'MS', 'UBND xã Mẫu Sơn', '20', 'Lạng Sơn', 'office', 'mdp-2022-2025', ?, ?)`,
      )
      .run(at, at)
    old
      .prepare(
        `insert into admin_units (id, parent_id, kind, code, name, name_folded, active, created_at, updated_at)
         values ('u1', null, 'village', '', 'Thôn Đồng Tâm', 'thon dong tam', 1, ?, ?)`,
      )
      .run(at, at)
    old
      .prepare(
        `insert into households (id, code, unit_id, head_name, head_name_folded, area_type, ethnicity, address, phone, notes, created_at, updated_at, office_id)
         values ('h1', 'HGD-000001', 'u1', 'Hoàng Văn An', 'hoang van an', 'rural', 'Tày', '', '', '', ?, ?, 'o1')`,
      )
      .run(at, at)
    // The score the old build computed: 1.000.000 × 140 / 1.500.000 = 93.
    old
      .prepare(
        `insert into household_assessments (id, household_id, year, standard_id, area_type, income_per_person_month, housing_area_m2,
           indicators_json, deprived_count, income_score, deprivation_score, classification, reasons_json, created_at, updated_at)
         values ('a1', 'h1', 2025, 'mdp-2022-2025', 'rural', 1000000, null, '[]', 3, 93, 30, 'poor', '[]', ?, ?)`,
      )
      .run(at, at)
    const cycle = old.prepare(
      `insert into review_cycles (id, office_id, year, standard_id, opened_on, state, decision_number, decision_date, created_at, updated_at)
       values (?, 'o1', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    cycle.run('c2025', 2025, 'mdp-2022-2025', '2025-09-01', 'approved', '125/QĐ-UBND', '2025-12-10', at, at)
    cycle.run('c2026', 2026, 'mdp-2022-2025', '2026-09-01', 'open', null, null, at, at)
    old.close()

    const ctx = await createContext({ dbPath: path, now: () => new Date(at) })
    try {
      const cycles = await listCycles(ctx)
      const byYear = (y: number) => cycles.find((c) => c.year === y)!
      // Kept as they were: the 2025 review (right standard) and the 2026 review (opened under 2022–2025).
      expect(byYear(2025)).toMatchObject<Partial<Cycle>>({ standardId: 'mdp-2022-2025', state: 'approved', standardWarning: null })
      expect(byYear(2026)).toMatchObject<Partial<Cycle>>({
        standardId: 'mdp-2022-2025',
        state: 'open',
        expectedStandardId: 'mdp-2027-2030',
      })
      expect(byYear(2026).standardWarning).toBe(
        'Kỳ rà soát năm 2026 đang theo Chuẩn nghèo đa chiều giai đoạn 2022–2025, nhưng danh sách năm 2027 phải xác định theo Chuẩn nghèo đa chiều giai đoạn 2027–2030 (Nghị định 351/2025/NĐ-CP). Hãy chuyển kỳ rà soát sang chuẩn này (hoặc ghi lý do nếu tỉnh hướng dẫn khác).',
      )
      const a = await ctx.store.db.selectFrom('household_assessments').select(['income_score', 'classification']).executeTakeFirstOrThrow()
      expect(a).toEqual({ income_score: null, classification: 'poor' })
      const h = await ctx.store.db.selectFrom('households').select('livelihood').executeTakeFirstOrThrow()
      expect(h.livelihood).toBeNull()
    } finally {
      await closeContext(ctx)
    }
  })
})
