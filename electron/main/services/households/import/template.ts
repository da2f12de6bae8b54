import { loadExcelJS } from '../../../export/excel/load'
import { LIVELIHOOD_LABEL } from '@shared/domain/households'
import { BUILTIN_STANDARDS, inForceYears } from '@shared/standards'
import { saveFile, type SaveOptions } from '../../files/atomic-save'

/** The columns of the blank template, each one a header the import recognises. */
const COLUMNS: { header: string; width: number; list?: string[]; note?: string }[] = [
  { header: 'Mã hộ', width: 12, note: 'Để trống: phần mềm tự đánh mã' },
  { header: 'Họ và tên chủ hộ', width: 26 },
  { header: 'Ngày sinh', width: 12, note: 'dd/mm/yyyy hoặc năm sinh' },
  { header: 'Giới tính', width: 10, list: ['Nam', 'Nữ'] },
  { header: 'Dân tộc', width: 12 },
  { header: 'Số CCCD', width: 16, note: '12 chữ số (CMND cũ 9 chữ số); nhập dạng văn bản' },
  { header: 'Thôn', width: 18 },
  { header: 'Khu vực', width: 12, list: ['Nông thôn', 'Thành thị'] },
  { header: 'Số nhân khẩu', width: 10 },
  { header: 'Ngành nghề chính', width: 16, list: Object.values(LIVELIHOOD_LABEL) },
  { header: 'Thu nhập BQ (đồng/người/tháng)', width: 18 },
  { header: 'Các chỉ số thiếu hụt', width: 20, note: 'Số thứ tự chỉ số, cách nhau bởi dấu phẩy: 1, 4, 9' },
  { header: 'Phân loại', width: 16, list: ['Hộ nghèo', 'Hộ cận nghèo', 'Hộ mới thoát nghèo', 'Hộ có mức sống trung bình'] },
  { header: 'Điện thoại', width: 14 },
  { header: 'Ghi chú', width: 24 },
]

/**
 * A blank list the import reads back as is, with dropdowns for the coded columns and the indicator
 * list on a second sheet. Replaces a file of that name by default (the save dialog asked).
 */
export async function writeTemplate(outPath: string, rows = 500, options: SaveOptions = { overwrite: true }): Promise<void> {
  const Excel = await loadExcelJS()
  const wb = new Excel.Workbook()
  const ws = wb.addWorksheet('Danh sách hộ')
  ws.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  COLUMNS.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter
    if (c.note) ws.getCell(`${letter}1`).note = c.note
    // Text format keeps the leading zero of a citizen ID typed into the cell.
    if (c.header === 'Số CCCD') ws.getColumn(i + 1).numFmt = '@'
    if (!c.list) return
    for (let r = 2; r <= rows + 1; r++) {
      ws.getCell(`${letter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.list.join(',')}"`],
        showErrorMessage: true,
        errorTitle: 'Giá trị không hợp lệ',
        error: `Chọn một trong: ${c.list.join(', ')}`,
      }
    }
  })
  const ind = wb.addWorksheet('Chỉ số thiếu hụt')
  ind.columns = [
    { header: 'Chuẩn', width: 14 },
    { header: 'Số', width: 6 },
    { header: 'Chỉ số', width: 40 },
    { header: 'Điều kiện thiếu hụt', width: 80 },
  ]
  ind.getRow(1).font = { bold: true }
  for (const s of BUILTIN_STANDARDS) for (const i of s.indicators) ind.addRow([inForceYears(s), i.no, i.name, i.condition])
  saveFile(outPath, Buffer.from(await wb.xlsx.writeBuffer()), options)
}
