import type { OfficialDocument } from '@shared/print/document'
import { documentHtml } from './html'
import { stampPageNumbers } from './pdf-page-numbers'

/**
 * Turns print HTML into PDF bytes. The app passes Electron's printToPDF; the CLI and the tests pass
 * headless Chromium (pdf-chromium.ts). Both honour the page size and margins of the CSS @page rule.
 */
export interface PdfRenderer {
  htmlToPdf(html: string, options: { landscape: boolean }): Promise<Uint8Array>
}

/** An official document as a finished PDF: laid out, printed, page numbers from page 2. */
export async function documentPdf(renderer: PdfRenderer, doc: OfficialDocument): Promise<Uint8Array> {
  const raw = await renderer.htmlToPdf(documentHtml(doc), { landscape: doc.orientation === 'landscape' })
  return stampPageNumbers(raw)
}
