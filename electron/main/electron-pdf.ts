import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import type { PdfRenderer } from './export/print/pdf'
import type { Printer } from './services/context'
import { WEB_PREFERENCES } from './security'

/**
 * The app's PDF renderer: Chromium inside Electron (printToPDF) on a hidden window with scripts
 * off. The print HTML is self-contained (fonts inlined), so it is loaded from a temporary file.
 */
export const electronPdfRenderer: PdfRenderer = {
  async htmlToPdf(html, { landscape }) {
    const file = join(app.getPath('temp'), `so-giam-ngheo-${randomUUID()}.html`)
    const win = new BrowserWindow({ show: false, webPreferences: { ...WEB_PREFERENCES, javascript: false } })
    try {
      await writeFile(file, html, 'utf8')
      await win.loadFile(file)
      return await win.webContents.printToPDF({ pageSize: 'A4', landscape, printBackground: true, preferCSSPageSize: true })
    } finally {
      win.destroy()
      await rm(file, { force: true })
    }
  },
}

/** The OS print dialog for print HTML (Windows shows its own preview there). */
export const electronPrinter: Printer = {
  async printHtml(html, { landscape }) {
    const file = join(app.getPath('temp'), `so-giam-ngheo-${randomUUID()}.html`)
    const win = new BrowserWindow({ show: false, webPreferences: { ...WEB_PREFERENCES, javascript: false } })
    try {
      await writeFile(file, html, 'utf8')
      await win.loadFile(file)
      return await new Promise<boolean>((resolve) =>
        win.webContents.print({ landscape, printBackground: true, pageSize: 'A4' }, (success) => resolve(success)),
      )
    } finally {
      win.destroy()
      await rm(file, { force: true })
    }
  },
}
