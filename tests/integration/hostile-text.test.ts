import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanText, cleanTexts } from '@shared/text/clean'
import { readSmallTable, TableFileError } from '../../electron/main/export/table-file'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { listHouseholds } from '../../electron/main/services/households/list'
import { importTestOffice } from '../helpers/households'
import { signedInRouter } from '../helpers/session'
import { tempDir } from '../helpers/temp'
import { inlineRow, writeSheetXlsx } from '../helpers/zip'

/**
 * Text from outside goes through one normaliser (shared/text/clean.ts) before it is stored: no
 * zero-width or bidirectional-override characters (search missed the name, display was spoofed),
 * composed Unicode, plain spaces; text holding U+FFFD (damaged before it reached us) is refused
 * where it is (the row, the cell, the field), never stored. And an income no household has.
 */

const HEADER = ['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập']
const row = (r: number, name: string, income: number | string) =>
  inlineRow(r, [name, 1970, 'Nam', `0201700001${String(r).padStart(2, '0')}`, 'Thôn Đồng Tâm', income])

describe('household lists', () => {
  it('names are stored without invisible characters and found by search; damaged text and an income of 1e308 are row errors', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'an-ky-tu.xlsx')
    writeSheetXlsx(
      path,
      [
        inlineRow(1, HEADER),
        row(2, 'Lò\u200B Văn\u00A0Pao', 900_000), // zero-width space, no-break space
        row(3, '\u202ELò Thị Mỷ\u202C', 950_000), // right-to-left override … pop
        row(4, 'Lò Văn Ú'.normalize('NFD'), 800_000), // decomposed, as some keyboards type it
        row(5, '\uFEFFLò\u2066 Văn\u2069 Sáng\u200D', 700_000), // BOM, isolates, zero-width joiner
        row(6, 'Lò Văn \uFFFD\uFFFDng', 900_000), // damaged before it reached the file
        row(7, 'Lò Văn Lớn', 1e308),
        row(8, 'Lò Văn Chữ', '1e308'),
        row(9, 'Lò Văn Tỷ', 1_000_000_001),
      ].join(''),
    )
    const r = await importHouseholds(ctx, path, { mode: 'valid_only' }, { dryRun: false })
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [6, 'Họ và tên chủ hộ'],
      [7, 'Thu nhập'],
      [8, 'Thu nhập'],
      [9, 'Thu nhập'],
    ])
    expect(r.errors[0]!.message).toMatch(/ký tự hỏng/)
    expect(r.errors[1]!.message).toMatch(/quá lớn/)
    expect(r).toMatchObject({ created: 4, rejected: 4, committed: true })
    const names = (await ctx.store.db.selectFrom('households').select('head_name').execute()).map((h) => h.head_name).sort()
    expect(names).toEqual(['Lò Thị Mỷ', 'Lò Văn Pao', 'Lò Văn Sáng', 'Lò Văn Ú'])
    for (const n of names) expect(n).toBe(n.normalize('NFC'))
    const incomes = await ctx.store.db.selectFrom('household_assessments').select('income_per_person_month').execute()
    expect(Math.max(...incomes.map((i) => i.income_per_person_month))).toBeLessThanOrEqual(1_000_000_000)
    // What the clerk types is found.
    for (const search of ['Lò Văn Pao', 'lo thi my', 'Lò Văn Ú', 'van sang']) {
      expect(
        (await listHouseholds(ctx, { search })).rows.map((h) => h.headName),
        search,
      ).toHaveLength(1)
    }
  })
})

describe('plan annexes and unit lists', () => {
  it('cells are cleaned; a cell damaged by a wrong encoding refuses the file, naming the cell', async () => {
    const dir = tempDir()
    const good = join(dir, 'phu-luc.csv')
    writeFileSync(good, 'TT,Nội dung công việc,Đơn vị chủ trì\n1,Rà\u200B soát\u00A0hộ nghèo,\u202ESở Y tế\n')
    expect((await readSmallTable(good)).rows).toEqual([
      ['TT', 'Nội dung công việc', 'Đơn vị chủ trì'],
      ['1', 'Rà soát hộ nghèo', 'Sở Y tế'],
    ])
    // Excel's "CSV" saved in the Windows code page (1258), read as UTF-8: the Vietnamese letters are lost.
    const ansi = join(dir, 'ansi.csv')
    writeFileSync(ansi, Buffer.concat([Buffer.from('TT,Noi dung\n1,R'), Buffer.from([0xe0]), Buffer.from(' soát\n')]))
    const e = await readSmallTable(ansi).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(TableFileError)
    expect((e as Error).message).toMatch(/^Ô B2 có ký tự hỏng/)
  })
})

describe('what the clerk types (the router)', () => {
  it('a unit name is stored cleaned; a damaged field is refused with its path; passwords are left as typed', async () => {
    const ctx = await importTestOffice()
    const router = await signedInRouter(ctx, 'admin')
    const commune = (await ctx.store.db.selectFrom('admin_units').select('id').where('kind', '=', 'commune').executeTakeFirstOrThrow()).id
    const added = await router.invoke('units.add', { parentId: commune, kind: 'village', name: '\u202EThôn\u200B Mới' })
    expect(added).toMatchObject({ ok: true, data: { name: 'Thôn Mới' } })
    const damaged = await router.invoke('units.add', { parentId: commune, kind: 'village', name: 'Thôn \uFFFD' })
    // The field travels as the path (the form shows the message beside it); its internal name is not in the words.
    expect(damaged).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/ký tự hỏng/), path: ['name'] } })
    expect(damaged.ok ? '' : damaged.error.message).not.toMatch(/name|trường/)
    const input = { username: 'a\u200Bb', password: 'p\u200Bq', nested: [{ newPassword: 'x\u200By', note: 'n\u200Bm' }] }
    expect(cleanTexts(input)).toEqual({
      value: { username: 'ab', password: 'p\u200Bq', nested: [{ newPassword: 'x\u200By', note: 'nm' }] },
    })
    expect(cleanTexts({ a: ['ok', { b: 'x\uFFFD' }] })).toEqual({ damaged: ['a', 1, 'b'] })
    expect(cleanText('A\u0000\u0007B\u3000C')).toBe('AB C')
  })
})
