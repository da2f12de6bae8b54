import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSmallTable } from '../../electron/main/export/table-file'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { importTestOffice } from '../helpers/households'
import { readSheetValues } from '../helpers/openpyxl'
import { tempDir } from '../helpers/temp'
import { workbookParts } from '../helpers/zip'

/**
 * Sheets written by hand as other programs write them (python's zipfile, no library): inline
 * strings whose text holds "&lt;" (escaped once in the XML, as text), rich inline strings in runs
 * with a phonetic run, formula results of type str, and rows and cells without r= (valid OOXML: a
 * row follows the previous row, a cell the previous cell). Both of ExcelJS's readers (the import's
 * streaming one, the annex's whole-file one) must read what openpyxl reads (patches/exceljs+4.4.0.patch).
 */

function writeXlsx(path: string, sheetData: string): void {
  const sheet = `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\n<sheetData>${sheetData}</sheetData>\n</worksheet>`
  const parts = [...workbookParts().map((p) => [p.name, p.data.toString('utf8')]), ['xl/worksheets/sheet1.xml', sheet]]
  const script =
    'import sys, json, zipfile\n' +
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n' +
    '    for name, text in json.loads(sys.stdin.read()): z.writestr(name, text)\n'
  execFileSync('/usr/bin/python3', ['-c', script, path], { input: JSON.stringify(parts) })
}

const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`
const num = (n: number) => `<c><v>${n}</v></c>`

describe('cells as other programs write them', () => {
  it('a household list with inline strings holding "&lt;", rich runs, str results and no r= imports what openpyxl reads', async () => {
    const path = join(tempDir(), 'khong-r.xlsx')
    const rows = [
      [inline('Họ và tên chủ hộ'), inline('Năm sinh'), inline('Giới tính'), inline('Số CCCD'), inline('Thôn'), inline('Thu nhập')],
      // The clerk typed "&lt;b&gt;" (and "A&amp;B") into the cell: the XML escapes the "&" once.
      [inline('Lò Văn &amp;lt;b&amp;gt; Pao'), num(1970), inline('Nam'), inline('020170000111'), inline('Thôn Đồng Tâm'), num(900000)],
      // Rich text in runs, and a phonetic run that is not part of the value.
      [
        '<c t="inlineStr"><is><r><t xml:space="preserve">Lò Thị </t></r><r><rPr><b/></rPr><t>Mỷ</t></r><rPh sb="0" eb="1"><t>ロ</t></rPh></is></c>',
        num(1972),
        inline('Nữ'),
        inline('020172000222'),
        '<c t="str"><f>"Bản Nà Phặc"</f><v>Bản Nà Phặc</v></c>',
        num(950000),
      ],
      [inline('Hộ A&amp;amp;B'), num(1980), inline('Nam'), inline('020180000333'), inline('Thôn Khe Mạ'), num(800000)],
    ]
    // Pretty-printed, as many writers do: the whitespace between tags is not part of any value.
    writeXlsx(path, rows.map((cells) => `\n  <row>\n    ${cells.join('\n    ')}\n  </row>`).join(''))
    const [, ...expected] = readSheetValues(path)
    expect(expected.map((r) => r[0])).toEqual(['Lò Văn &lt;b&gt; Pao', 'Lò Thị Mỷ', 'Hộ A&amp;B'])

    const ctx = await importTestOffice()
    const r = await importHouseholds(ctx, path, {}, { dryRun: false })
    expect(r).toMatchObject({ created: 3, rejected: 0, committed: true })
    const stored = await ctx.store.db.selectFrom('households').select(['head_name']).orderBy('head_name').execute()
    expect(stored.map((h) => h.head_name).sort()).toEqual(expected.map((row) => row[0]).sort())
    const villages = await ctx.store.db
      .selectFrom('households')
      .innerJoin('admin_units', 'admin_units.id', 'households.unit_id')
      .select(['households.head_name', 'admin_units.name'])
      .where('households.head_name', '=', 'Lò Thị Mỷ')
      .executeTakeFirstOrThrow()
    expect(villages.name).toBe('Bản Nà Phặc')
  })

  it('a plan annex (read whole by ExcelJS) without r= and with a str result reads as openpyxl reads it', async () => {
    const path = join(tempDir(), 'phu-luc.xlsx')
    const rows = [
      [inline('TT'), inline('Nội dung công việc'), inline('Đơn vị chủ trì'), inline('Đơn vị phối hợp'), inline('Thời gian hoàn thành')],
      [
        inline('1'),
        inline('Rà soát &amp;lt;hộ nghèo&amp;gt;'),
        inline('Sở Y tế'),
        '<c t="str"><v>Sở Tài chính &amp;amp; Kế hoạch</v></c>',
        inline('31/12/2026'),
      ],
      [inline('2'), '<c t="str"><v>Báo cáo &amp;lt;định kỳ&amp;gt;</v></c>', inline('Sở Y tế'), inline(''), inline('30/06/2026')],
    ]
    writeXlsx(path, rows.map((cells) => `<row>${cells.join('')}</row>`).join(''))
    const expected = readSheetValues(path).map((r) => r.map((v) => (v === null ? '' : String(v))))
    expect(expected[1]![1]).toBe('Rà soát &lt;hộ nghèo&gt;')
    const table = await readSmallTable(path)
    expect(table.rows).toEqual(expected)
  })
})
