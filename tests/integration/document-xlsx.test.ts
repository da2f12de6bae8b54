import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeDocumentXlsx } from '../../electron/main/export/excel/document-xlsx'
import { readXlsx } from '../helpers/openpyxl'
import { sampleDocument } from '../helpers/sample-document'
import { tempDir } from '../helpers/temp'

describe('official documents as styled Excel (read back with openpyxl)', () => {
  it('carries the header block, merged two-level header, borders, formats, frozen panes and A4 print setup', async () => {
    const file = join(tempDir(), 'bao-cao.xlsx')
    const doc = sampleDocument(20)
    await writeDocumentXlsx(doc, file)
    const [sheet] = readXlsx(file)
    expect(sheet).toBeDefined()
    const s = sheet!
    const texts = Object.values(s.cells).map((c) => String(c.v))
    expect(texts).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(texts).toContain('Độc lập - Tự do - Hạnh phúc')
    expect(texts).toContain('Số: 15/BC-UBND')
    expect(texts).toContain('Ninh Bình, ngày 15 tháng 6 năm 2026')
    expect(texts).toContain('BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026')
    expect(texts).toContain('Nơi nhận:')
    expect(texts).toContain('Nguyễn Văn Đức')
    expect(texts).toContain('<b>Thôn Đồng Tâm</b>')

    const at = (text: string) => Object.entries(s.cells).find(([, c]) => c.v === text)!
    const [titleRef, title] = at('BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026')
    expect(title.bold).toBe(true)
    expect(title.font).toBe('Times New Roman')
    expect(s.merged).toContain(`${titleRef}:G${titleRef.slice(1)}`)

    // Two-level header: "Hộ nghèo" spans two columns, "STT" two rows; header cells bold with borders.
    const [poorRef, poor] = at('Hộ nghèo')
    expect(poor.bold && poor.border).toBe(true)
    const headerRow = Number(poorRef.slice(1))
    expect(s.merged).toContain(`D${headerRow}:E${headerRow}`)
    expect(s.merged).toContain(`A${headerRow}:A${headerRow + 1}`)
    expect(s.freeze).toBe(`A${headerRow + 2}`)
    expect(s.printTitleRows).toBe(`$${headerRow}:$${headerRow + 1}`)
    expect(s.orientation).toBe('landscape')
    expect(s.paperSize).toBe(9)

    // Body: numbers stay numbers with formats; the totals row is bold and adds up.
    const first = s.cells[`C${headerRow + 2}`]!
    expect(first).toMatchObject({ v: 100, fmt: '#,##0', border: true })
    expect(s.cells[`E${headerRow + 2}`]).toMatchObject({ v: 0.12, fmt: '0.00%' })
    const totalRow = headerRow + 2 + 20
    expect(s.cells[`B${totalRow}`]).toMatchObject({ v: 'Tổng cộng', bold: true })
    let sum = 0
    for (let r = headerRow + 2; r < totalRow; r++) sum += s.cells[`C${r}`]!.v as number
    expect(s.cells[`C${totalRow}`]!.v).toBe(sum)
  })
})
