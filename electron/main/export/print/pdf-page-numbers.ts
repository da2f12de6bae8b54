import { PDFDocument, StandardFonts, rgb } from 'pdf-lib'

/**
 * Decree 30 puts page numbers centred in the top margin, from page 2 on. Chromium's header template
 * cannot leave page 1 out, so the numbers are drawn onto the finished PDF instead (digits only, so a
 * standard Times font is enough).
 */
export async function stampPageNumbers(pdfBytes: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(pdfBytes)
  const pages = pdf.getPages()
  if (pages.length < 2) return pdfBytes
  const font = await pdf.embedFont(StandardFonts.TimesRoman)
  const size = 13
  const mm = 72 / 25.4
  pages.forEach((page, i) => {
    if (i === 0) return
    const text = String(i + 1)
    const { width, height } = page.getSize()
    // Centred on the text area (left margin 30 mm, right 15 mm), 10 mm below the top edge.
    const center = 30 * mm + (width - 45 * mm) / 2
    page.drawText(text, { x: center - font.widthOfTextAtSize(text, size) / 2, y: height - 12 * mm, size, font, color: rgb(0, 0, 0) })
  })
  return pdf.save({ useObjectStreams: false })
}
