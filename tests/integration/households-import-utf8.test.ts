import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { importTestOffice, registerCounts } from '../helpers/households'
import { readSheetValues } from '../helpers/openpyxl'
import { tempDir } from '../helpers/temp'

/**
 * A 10,000-row list in Vietnamese, written by openpyxl, imported through the import service and
 * compared with openpyxl's own reading of the file. ExcelJS used to decode each inflated chunk of
 * the sheet on its own, so wherever a chunk boundary cut a character the import stored U+FFFD,
 * made phantom villages and still reported "rejected 0" (patches/exceljs+4.4.0.patch). Which
 * characters were hit depended on where the boundaries fell, so only a long list shows it.
 */

const ROWS = 10_000

// openpyxl writes non-ASCII text as character references unless its XML writer is told the
// encoding; Excel and LibreOffice write the characters themselves, in UTF-8, as this does.
const WRITE_LIST = `
import functools, sys, zipfile, openpyxl
from openpyxl.worksheet import _writer
_writer.xmlfile = functools.partial(_writer.xmlfile, encoding="utf-8")
path, n = sys.argv[1], int(sys.argv[2])
HEADER = ["Mã hộ", "Họ và tên chủ hộ", "Năm sinh", "Giới tính", "Dân tộc", "Số CCCD", "Thôn", "Địa chỉ", "Thu nhập BQ",
          "Các chỉ số thiếu hụt", "Ghi chú"]
families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Lường", "Vàng", "Lò", "Hà", "Nông", "Triệu"]
middles = ["Thị", "Văn", "Đức", "Thị Thu", "Văn Hùng", "Thị Ngọc", "Quốc", "Minh"]
givens = ["Hường", "Ơn", "Khải", "Thắng", "Lụa", "Ngọc", "Tú", "Phượng", "Dũng", "Hạnh", "Thủy", "Nguyệt", "Đạt",
          "Tuấn", "Yến", "Quỳnh", "Lộc", "Sáng", "Pao", "Mỷ", "Chiến", "Hiếu", "Tâm", "Phúc", "Giàng", "Xuân", "Ánh",
          "Khoa", "Ước", "Thư"]
villages = ["Thôn Đồng Tâm", "Bản Nà Phặc", "Thôn Khe Mạ"]
ethnicities = ["Kinh", "Tày", "Nùng", "Dao", "Sán Chỉ", "H'Mông"]
notes = ["", "Hộ có người khuyết tật nặng", "Chủ hộ là người cao tuổi sống một mình", "Thiếu đất sản xuất",
         "Nhà ở đơn sơ, cần hỗ trợ làm nhà", "Có con đang học trung học phổ thông"]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Danh sách"
ws.append(HEADER)
for i in range(n):
    female = i % 2 == 1
    born = 1950 + i % 50
    name = f"{families[i % 22]} {middles[(i // 22) % 8]} {givens[(i // 176) % 30]}"
    village = villages[i % 3]
    ws.append([f"MS-{i:05d}", name, born, "Nữ" if female else "Nam", ethnicities[i % 6], f"020{1 if female else 0}{born % 100:02d}{i:06d}",
               village, f"{village}, xã Mẫu Sơn, huyện Lộc Bình, tỉnh Lạng Sơn", 1_000_000 + (i % 50) * 20_000, "1, 4", notes[i % 6]])
wb.save(path)
with zipfile.ZipFile(path) as z:
    sheet = z.read("xl/worksheets/sheet1.xml")
print("utf-8" if "Nguyễn".encode() in sheet else "references")
`

describe('importing a long Vietnamese list', () => {
  it('stores every name, village, address and note exactly as openpyxl reads them: no U+FFFD, no phantom village', async () => {
    const file = join(tempDir(), 'danh-sach-10000-ho.xlsx')
    const written = execFileSync('/usr/bin/python3', ['-c', WRITE_LIST, file, String(ROWS)], { encoding: 'utf8' }).trim()
    // The test only means something if the file holds the characters as bytes (see WRITE_LIST).
    expect(written).toBe('utf-8')
    const [header, ...rows] = readSheetValues(file)
    expect(header).toEqual([
      'Mã hộ',
      'Họ và tên chủ hộ',
      'Năm sinh',
      'Giới tính',
      'Dân tộc',
      'Số CCCD',
      'Thôn',
      'Địa chỉ',
      'Thu nhập BQ',
      'Các chỉ số thiếu hụt',
      'Ghi chú',
    ])
    expect(rows).toHaveLength(ROWS)
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    // The text the register should hold for each household, by code, as openpyxl read it.
    const expected = new Map(rows.map((r) => [text(r[0]), [text(r[1]), text(r[4]), text(r[6]), text(r[7]), text(r[10])].join(' | ')]))

    const ctx = await importTestOffice()
    const before = await registerCounts(ctx)
    const result = await importHouseholds(ctx, file, {}, { dryRun: false })
    expect(result.errors).toEqual([])
    expect(result).toMatchObject({ created: ROWS, updated: 0, rejected: 0, committed: true, addedVillages: [] })

    const stored = await ctx.store.db
      .selectFrom('households')
      .innerJoin('admin_units', 'admin_units.id', 'households.unit_id')
      .select([
        'households.code',
        'households.head_name',
        'households.ethnicity',
        'admin_units.name as village',
        'households.address',
        'households.notes',
      ])
      .execute()
    expect(stored).toHaveLength(ROWS)
    const differing = stored
      .map((h) => ({ code: h.code, got: [h.head_name, h.ethnicity, h.village, h.address, h.notes].join(' | ') }))
      .filter(({ code, got }) => expected.get(code) !== got)
      .map(({ code, got }) => `${code}: ${got} (openpyxl: ${expected.get(code)})`)
    expect(differing.slice(0, 10), `${differing.length} households differ from openpyxl's reading`).toEqual([])

    const members = await ctx.store.db.selectFrom('household_members').select('full_name').execute()
    const villages = await ctx.store.db.selectFrom('admin_units').select('name').execute()
    const replaced = [...members.map((m) => m.full_name), ...villages.map((v) => v.name)].filter((s) => s.includes('\uFFFD'))
    expect(replaced).toEqual([])
    const after = await registerCounts(ctx)
    expect(after.u).toBe(before.u)
    expect(after.h).toBe(ROWS)
  }, 180_000)
})
