import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { documentHtml } from '../../electron/main/export/print/html'
import { documentPdf } from '../../electron/main/export/print/pdf'
import { chromiumPdfRenderer } from '../../electron/main/export/print/pdf-chromium'
import { sampleDocument } from '../helpers/sample-document'
import { ARTIFACTS } from '../helpers/app-in-chromium'
import { tempDir } from '../helpers/temp'

const renderer = chromiumPdfRenderer()
afterAll(() => renderer.close())

function pdftotext(pdf: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : []
  return execFileSync('pdftotext', ['-layout', ...range, pdf, '-'], { encoding: 'utf8' })
}

describe('official documents as PDF (headless Chromium)', () => {
  it('prints the Decree 30 header, the table with its numbers, and the signature block in Vietnamese', async () => {
    const dir = tempDir()
    const file = join(dir, 'report.pdf')
    writeFileSync(file, await documentPdf(renderer, sampleDocument(80)))
    const text = pdftotext(file)
    expect(text).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/)
    expect(text).toMatch(/Độc lập - Tự do - Hạnh phúc/)
    expect(text).toMatch(/Số: 15\/BC-UBND/)
    expect(text).toMatch(/Ninh Bình, ngày 15 tháng 6 năm 2026/)
    expect(text).toMatch(/BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026/)
    expect(text).toMatch(/Nơi nhận:/)
    expect(text).toMatch(/TM\. ỦY BAN NHÂN DÂN/)
    expect(text).toMatch(/Nguyễn Văn Đức/)
    // Thousands with a dot, percentages with a comma, user text printed literally.
    expect(text).toMatch(/Tổng cộng\s+11\.160\s+960\s+12,00%/)
    expect(text).toContain('<b>Thôn Đồng Tâm</b>')
  })

  it('repeats the table header on every page and numbers pages from page 2, centred at the top', async () => {
    const dir = tempDir()
    const file = join(dir, 'long.pdf')
    writeFileSync(file, await documentPdf(renderer, sampleDocument(120)))
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+/) // A4 landscape
    for (let p = 1; p <= pages; p++) {
      const page = pdftotext(file, p)
      expect(page, `page ${p}`).toMatch(/Thôn, bản/)
      const firstLine = page
        .split('\n')
        .find((l) => l.trim())!
        .trim()
      if (p === 1) expect(firstLine).not.toMatch(/^\d+$/)
      else expect(firstLine, `page ${p}`).toBe(String(p))
    }
  })

  it('renders every Vietnamese glyph with the bundled font (PNG for a person to look at)', async () => {
    const dir = tempDir()
    const file = join(dir, 'glyphs.pdf')
    writeFileSync(file, await documentPdf(renderer, { ...sampleDocument(3, 'portrait'), subtitle: 'Ắ Ằ Ẳ Ẵ Ặ ấ ầ ẩ ẫ ậ Đ đ ơ ư ỹ Ỹ' }))
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/Tinos/)
    // The artifacts folder is made by whichever test writes first; this one may run before any other.
    mkdirSync(ARTIFACTS, { recursive: true })
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(ARTIFACTS, 'print-portrait')])
    expect(readdirSync(ARTIFACTS).some((f) => f.startsWith('print-portrait'))).toBe(true)
    // pdftotext may drop the spaces between single letters; the letters themselves must all be there.
    expect(pdftotext(file).replace(/ /g, '')).toContain('ẮẰẲẴẶấầẩẫậĐđơưỹỸ')
  })

  it('escapes user text in the HTML', () => {
    const html = documentHtml({ ...sampleDocument(5), title: '<script>alert(1)</script>' })
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;')
  })
})
