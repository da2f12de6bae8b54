import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSmallTable } from '../../electron/main/export/table-file'
import { cliInProcess } from '../helpers/cli'
import { countRows, fileDigest } from '../helpers/db-digest'
import { LIST_HEADER, listRow, writeListWithOpenpyxl } from '../helpers/openpyxl-list'

/**
 * Class "silent or raw answers", household lists (lists written by openpyxl, imported by the built
 * command into a real database): a list that imports nothing, or less than it holds, says so and
 * exits 1; nothing is announced that did not happen.
 */
describe('a household import never succeeds silently with less than the file holds', () => {
  let dir: string
  let db: string
  const cli = (...args: string[]) => cliInProcess(['--db', db, ...args])
  const rows = [LIST_HEADER, listRow(1, 'Lò Văn Páo', 'Bản Nà Phặc'), listRow(2, 'Hoàng Thị Mai'), listRow(3, 'Đinh Văn Cường')]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sgn-silent-'))
    db = join(dir, 'xa.sqlite')
    expect((await cli('init', '--office-code', '14563', '--office-name', 'UBND xã Mẫu Sơn', '--province-code', '20')).code).toBe(0)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('a sheet cut short (between rows, or inside a row) is refused, naming the last row read; nothing is written', async () => {
    // Before: the cut after the header imported nothing and exited 0; the cut inside row 4 imported rows 2–3 and exited 0.
    for (const [cut, lastRead] of [
      [{ beforeRow: 2 }, /trước dòng dữ liệu đầu tiên|sau dòng 1\b/],
      [{ beforeRow: 4, inside: true }, /sau dòng 3\b/],
    ] as const) {
      const file = join(dir, `cat-${cut.beforeRow}.xlsx`)
      writeListWithOpenpyxl(file, { rows, cut })
      const before = fileDigest(db)
      const r = await cli('households', 'import', file)
      expect(r.code, r.stdout + r.stderr).toBe(1)
      expect(r.stderr).toMatch(/Trang tính "Danh sách" bị cắt cụt: dữ liệu dừng giữa chừng/)
      expect(r.stderr).toMatch(lastRead)
      expect(r.stderr).toMatch(/Không nhập dòng nào/)
      expect(r.stdout + r.stderr).not.toMatch(/imported|Đã thêm thôn mới|unclosed|Error/)
      expect(fileDigest(db)).toEqual(before)
    }
  })

  it('a sheet with its header and no household under it is refused (before: "imported 0" and exit 0)', async () => {
    const file = join(dir, 'chi-tieu-de.xlsx')
    writeListWithOpenpyxl(file, { rows: [['DANH SÁCH HỘ NGHÈO NĂM 2025'], [], LIST_HEADER, ['Tổng cộng', null, null, null, null, 0]] })
    const before = fileDigest(db)
    const r = await cli('households', 'import', file)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/không có dòng hộ nào dưới dòng tiêu đề \(dòng 3\) trước dòng tổng cộng \(dòng 4\): không có gì để nhập/)
    expect(fileDigest(db)).toEqual(before)
  })

  it('a refused all-or-nothing import does not announce the villages it would have added', async () => {
    const file = join(dir, 'mot-dong-loi.xlsx')
    writeListWithOpenpyxl(file, {
      rows: [
        LIST_HEADER,
        listRow(4, 'Vi Văn Sáng', 'Thôn Khuổi Luông'),
        ['Nông Thị Hoa', 1980, null, '001080000001', 'Thôn Khuổi Luông', 900_000],
      ],
    })
    const before = fileDigest(db)
    const r = await cli('households', 'import', file)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Dòng 3, cột "Giới tính": Thiếu giới tính/)
    expect(r.stderr).toMatch(/chưa nhập dòng nào/)
    // Before: "Đã thêm thôn mới: Thôn Khuổi Luông" was printed, and no village had been added.
    expect(r.stdout).not.toMatch(/Đã thêm thôn mới/)
    expect(fileDigest(db)).toEqual(before)
  })

  it('households typed under the total row are not imported, and the import says which rows it left out', async () => {
    const file = join(dir, 'duoi-tong-cong.xlsx')
    writeListWithOpenpyxl(file, {
      rows: [
        LIST_HEADER,
        listRow(5, 'Lường Văn Thắng'),
        ['Tổng cộng', null, null, null, null, 1_200_000],
        [],
        listRow(6, 'Sầm Thị Nga'),
        listRow(7, 'Mã Văn Tú'),
      ],
    })
    const households = countRows(db, 'households')
    const r = await cli('households', 'import', file)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^imported 1, updated 0, rejected 0$/m)
    // Before: nothing was said about rows 5 and 6.
    expect(r.stdout).toMatch(/^Lưu ý: Không nhập các dòng sau dòng tổng cộng \(dòng 3\): 5, 6\. /m)
    expect(countRows(db, 'households')).toBe(households + 1)
  })

  it('a unit list or plan annex cut short is refused too, not read as a shorter table (whole-file reader)', async () => {
    const file = join(dir, 'phu-luc-cat.xlsx')
    writeListWithOpenpyxl(file, {
      rows: [
        ['STT', 'Nội dung'],
        [1, 'Hỗ trợ sinh kế'],
        [2, 'Hỗ trợ nhà ở'],
        [3, 'Đào tạo nghề'],
      ],
      cut: { beforeRow: 4, inside: true },
    })
    // Before: the table came back with rows 1–3 and no error.
    await expect(readSmallTable(file)).rejects.toThrow(/^Tệp Excel bị cắt cụt \(dữ liệu dừng giữa chừng/)
  })

  it('an accepted list imports every household with its text intact, and announces its new villages', async () => {
    const file = join(dir, 'tot.xlsx')
    writeListWithOpenpyxl(file, { rows })
    const r = await cli('households', 'import', file)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^imported 3, updated 0, rejected 0$/m)
    expect(r.stdout).toMatch(/^Đã thêm thôn mới: .*Bản Nà Phặc/m)
    const list = await cli('households', 'list', '--search', 'cuong')
    expect(list.stdout).toMatch(/Đinh Văn Cường/)
    expect(list.stdout).not.toMatch(/\uFFFD/)
  })
})
