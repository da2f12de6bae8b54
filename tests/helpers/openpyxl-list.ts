import { execFileSync } from 'node:child_process'

/**
 * Household lists written by openpyxl (Debian's python3-openpyxl), a writer nobody here wrote, and
 * damaged the way real files are: `cut` stops the sheet's XML part short (the zip itself stays
 * sound, as when a program dies while writing the sheet or a copy is interrupted and re-zipped),
 * either just before row `beforeRow` (a clean cut between rows) or inside it.
 */
export interface ListSpec {
  sheet?: string
  rows: (string | number | null)[][]
  cut?: { beforeRow: number; inside?: boolean }
}

const SCRIPT = `
import json, sys, zipfile, openpyxl, shutil, os
spec = json.load(sys.stdin)
path = sys.argv[1]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = spec.get("sheet") or "Danh sách"
for row in spec["rows"]:
    ws.append(row)
wb.save(path)
cut = spec.get("cut")
if cut:
    tmp = path + ".cut"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                at = text.index('<row r="%d"' % cut["beforeRow"])
                data = text[: at + (25 if cut.get("inside") else 0)].encode("utf-8")
            zout.writestr(item.filename, data)
    os.replace(tmp, path)
`

export function writeListWithOpenpyxl(path: string, spec: ListSpec): void {
  execFileSync('/usr/bin/python3', ['-c', SCRIPT, path], { input: JSON.stringify(spec), encoding: 'utf8' })
}

/** The usual columns of a commune's list (the import matches them by name). */
export const LIST_HEADER = ['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập']

/** A household row under LIST_HEADER: name, birth year, sex, a 12-digit citizen ID from `n`, village, income. */
export function listRow(n: number, name: string, village = 'Thôn Đồng Tâm', income = 1_200_000): (string | number)[] {
  return [name, 1960 + (n % 40), n % 2 ? 'Nam' : 'Nữ', `0010${String(70_000_000 + n).padStart(8, '0')}`, village, income]
}
