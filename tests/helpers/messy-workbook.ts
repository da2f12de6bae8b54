import ExcelJS from 'exceljs'

/**
 * A real-looking messy list: title rows, a header worded differently from the sample, a formula
 * income, dates typed as text and as Excel serials, a citizen ID stored as a number, blank rows,
 * and three bad rows (income as words, an 11-digit text ID, a future birth date).
 */
export async function writeMessyWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Ghi chú').addRow(['Trang này không phải danh sách'])
  const ws = wb.addWorksheet('Danh sách')
  ws.addRow(['UBND XÃ MẪU SƠN'])
  ws.addRow(['DANH SÁCH HỘ CẬN NGHÈO NĂM 2024'])
  ws.addRow([])
  ws.addRow([
    'TT',
    'Mã hộ',
    'Họ tên chủ hộ',
    'Ngày sinh',
    'Giới tính',
    'Số định danh cá nhân',
    'Thôn/bản',
    'Thu nhập bình quân',
    'Chỉ số thiếu hụt',
    'Loại hộ',
  ])
  ws.addRow([
    1,
    'MS-001',
    'Nguyễn Thị Hằng',
    '12/03/1985',
    'Nữ',
    '020185000111',
    'thôn đồng tâm',
    { formula: '1400000+0', result: 1400000 },
    '1; 3',
    'Hộ cận nghèo',
  ])
  ws.addRow([2, 'MS-002', 'Đinh Văn Khải', 29000, 'Nam', 20079000222, 'Khe Mạ', 1250000, '2, 5, 7, 10', 'Hộ nghèo'])
  ws.addRow([])
  ws.addRow([3, 'MS-003', 'Lường Thị Ơn', '1979', 'Nữ', '020179000333', 'Bản Nà Phặc', 'một triệu', '', 'Hộ cận nghèo'])
  ws.addRow([4, 'MS-004', 'Phùng Văn Tú', '01/01/1990', 'Nam', '02019000044', 'Bản Nà Phặc', 1300000, '', 'Hộ cận nghèo'])
  ws.addRow([5, 'MS-005', 'Ma Thị Vân', '15/08/2031', 'Nữ', '020131000555', 'Bản Mới', 1000000, '4', 'Hộ cận nghèo'])
  ws.getCell('D6').numFmt = '0' // a serial date shown as a number, as when a column lost its format
  await wb.xlsx.writeFile(path)
}
