import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addDays, localToday } from '@shared/domain/deadline'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

const ANNEX = resolve(import.meta.dirname, '../fixtures/plans/phu-luc-nhiem-vu.xlsx')

describe('so-giam-ngheo plans import / tasks due', () => {
  it('refuses unknown agencies and bad rows until told, then imports and lists what is due', async () => {
    const db = join(tempDir(), 'office.sqlite')
    expect(
      (await cliInProcess(['--db', db, 'init', '--office-code', '37000', '--office-name', 'UBND tỉnh Ninh Bình', '--province-code', '37']))
        .code,
    ).toBe(0)
    const args = [
      '--db',
      db,
      'plans',
      'import',
      ANNEX,
      '--number',
      '45/KH-UBND',
      '--date',
      '20/05/2026',
      '--title',
      'Giảm nghèo 2026',
      '--issuer',
      'UBND tỉnh',
      '--period',
      '2026-2026',
    ]

    const badRows = await cliInProcess(args)
    expect(badRows.code).toBe(1)
    expect(badRows.stderr).toMatch(/Dòng 12, cột "Thời hạn hoàn thành": Thời hạn "Thường xuyên" chưa nêu ngày/)
    expect(badRows.stderr).toMatch(/chưa ghi gì/)

    const unknown = await cliInProcess([...args, '--skip-bad-rows'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(
      /Các cơ quan chưa có trong danh mục: Sở Văn hóa, Thể thao và Du lịch; Hội Nông dân tỉnh; Sở Xây dựng; UBND các xã, phường; Ngân hàng Chính sách xã hội tỉnh; Sở Tài chính\./,
    )

    const done = await cliInProcess([...args, '--skip-bad-rows', '--create-agencies'])
    expect(done.stderr).toMatch(/Dòng 12/)
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(/Đã thêm cơ quan: Hội Nông dân tỉnh/)
    expect(done.stdout).toMatch(/Đã nhập 4 nhiệm vụ vào kế hoạch 45\/KH-UBND từ phu-luc-nhiem-vu\.xlsx/)

    // The same tasks again: numbers are unique within a plan, so nothing is written twice.
    const again = await cliInProcess([...args, '--skip-bad-rows', '--create-agencies'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/Kế hoạch đã có nhiệm vụ số I\.1/)

    const due = await cliInProcess(['--db', db, 'tasks', 'due', '--within', '366', '--json'])
    expect(due.code).toBe(0)
    const parsed = JSON.parse(due.stdout) as {
      today: string
      overdue: { seq: string; due: string }[]
      soon: { seq: string; due: string }[]
    }
    const today = localToday(new Date())
    expect(parsed.today).toBe(today)
    const all = [...parsed.overdue, ...parsed.soon]
    // Every imported task has an open due date in 2026, so with a 366-day horizon none is "later".
    expect(all.map((t) => t.seq).sort()).toEqual(['I.1', 'I.2', 'II.1', 'II.2'])
    for (const t of parsed.overdue) expect(t.due < today).toBe(true)
    for (const t of parsed.soon) expect(t.due >= today && t.due <= addDays(today, 366)).toBe(true)

    const text = await cliInProcess(['--db', db, 'tasks', 'due'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^Hôm nay \d{2}\/\d{2}\/\d{4}: \d+ nhiệm vụ quá hạn, \d+ đến hạn trong 14 ngày tới\./)
    expect((await cliInProcess(['--db', db, 'tasks', 'due', '--within', 'abc'])).code).toBe(2)
  })
})
