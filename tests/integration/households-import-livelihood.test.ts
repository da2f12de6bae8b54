import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { parseLivelihood } from '../../electron/main/services/households/import/parse-row'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { listHouseholds } from '../../electron/main/services/households/list'
import { getHousehold } from '../../electron/main/services/households/read'
import { officeWithVillages } from '../helpers/households'
import { fixedClock, tempContext } from '../helpers/temp'

// The household's main livelihood comes in from a list under any of the headers offices use, and
// decides who is "average living standard" (farming, forestry, fishery, salt-making households only).

async function list(path: string, header: string, rows: [string, string, string][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Danh sách')
  ws.addRow(['DANH SÁCH HỘ NĂM 2025'])
  ws.addRow(['STT', 'Mã hộ', 'Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Thôn', 'Thu nhập bình quân', header])
  rows.forEach(([name, income, livelihood], i) =>
    ws.addRow([i + 1, `T-${i + 1}`, name, 1970 + i, 'Nam', 'Thôn Đồng Tâm', Number(income), livelihood]),
  )
  await wb.xlsx.writeFile(path)
}

describe('importing the main livelihood', () => {
  it('reads it under "Ngành nghề chính", "Nghề nghiệp chính" or "Nguồn thu nhập chính" and classes average by it', async () => {
    const ctx = await tempContext({ now: fixedClock('2026-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    const rows: [string, string, string][] = [
      ['Hoàng Văn An', '2000000', 'Trồng trọt'],
      ['Nông Văn Bình', '2000000', 'Buôn bán'],
      ['Lý Văn Cường', '2000000', 'Làm muối'],
      ['Vi Văn Dũng', '2000000', ''],
    ]
    for (const [i, header] of ['Ngành nghề chính', 'Nghề nghiệp chính', 'Nguồn thu nhập chính'].entries()) {
      const path = join(ctx.dir, `ds-${i}.xlsx`)
      await list(path, header, rows)
      const r = await importHouseholds(ctx, path, {}, { dryRun: false })
      expect(r.mapping.find((m) => m.field === 'livelihood')?.header, header).toBe(header)
      expect(r.errors).toEqual([])
    }
    const found = await listHouseholds(ctx, { year: 2025 })
    const by = Object.fromEntries(found.rows.map((h) => [h.headName, h]))
    expect(found.total).toBe(4)
    // 2.000.000 đ is in the 2022–2025 rural average band (1.500.000–2.250.000 đ): average only when farming, forestry, fishery, salt.
    expect(['Hoàng Văn An', 'Nông Văn Bình', 'Lý Văn Cường', 'Vi Văn Dũng'].map((n) => [n, by[n]!.classification])).toEqual([
      ['Hoàng Văn An', 'average'],
      ['Nông Văn Bình', 'none'],
      ['Lý Văn Cường', 'average'],
      ['Vi Văn Dũng', 'none'],
    ])
    expect((await getHousehold(ctx, by['Lý Văn Cường']!.id)).livelihood).toBe('salt')
    expect((await getHousehold(ctx, by['Nông Văn Bình']!.id)).livelihood).toBe('other')
    expect((await getHousehold(ctx, by['Vi Văn Dũng']!.id)).livelihood).toBeNull()
  })

  it('folds the wording clerks use', () => {
    expect(
      [
        'Nông nghiệp',
        'Chăn nuôi',
        'Lâm nghiệp',
        'Trồng rừng',
        'Ngư nghiệp',
        'Đánh bắt thủy sản',
        'Diêm nghiệp',
        'Cà phê',
        'Công nhân',
        '',
      ].map(parseLivelihood),
    ).toEqual(['farming', 'farming', 'forestry', 'forestry', 'fishery', 'fishery', 'salt', 'other', 'other', null])
  })
})
