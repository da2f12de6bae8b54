import { describe, expect, it } from 'vitest'
import { countsText, labelledTables, OTHER_TABLES_LABEL, TABLE_LABELS, tableLabel } from '@shared/domain/table-labels'
import { readFacts } from '../../electron/main/services/system/db-facts'
import { tempContext } from '../helpers/temp'

describe('tables in the clerk’s words', () => {
  it('every table of a new register has a label, and no label is left for a table that is gone', async () => {
    const ctx = await tempContext()
    const tables = (
      ctx.store.sqlite
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'")
        .pluck()
        .all() as string[]
    ).sort()
    expect(tables.filter((t) => !(t in TABLE_LABELS))).toEqual([])
    expect(Object.keys(TABLE_LABELS).filter((t) => !tables.includes(t))).toEqual([])
    // What a backup or a restore compares: every counted table has its label.
    for (const row of labelledTables(readFacts(ctx.store.sqlite).counts)) expect(row.label).not.toBe(OTHER_TABLES_LABEL)
    await ctx.store.close()
  })

  it('writes counts with Vietnamese labels and numbers, known tables first in a fixed order, unknown ones together', () => {
    const counts = { household_members: 10_312, households: 3000, fts_old_index: 5, legacy_notes: 2 }
    expect(countsText(counts)).toBe('Hộ gia đình: 3.000; Thành viên hộ: 10.312; Dữ liệu khác: 7')
    expect(labelledTables(counts, { plans: 1 }).map((r) => r.label)).toEqual([
      tableLabel('households'),
      tableLabel('household_members'),
      tableLabel('plans'),
      OTHER_TABLES_LABEL,
    ])
    expect(countsText({})).toBe('')
  })
})
