import { rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { app, BrowserWindow } from 'electron'
import type { PdfRenderer } from './export/print/pdf'
import type { Printer } from './services/context'
import { makeWorkDirIn, PRIVATE_FILE_MODE } from './services/files/private-temp'
import { WEB_PREFERENCES } from './security'

/**
 * The print HTML holds the register's personal data: it is written to a work folder in the private
 * folder of the app's data folder (not the system temp folder), and removed after use; a copy a
 * crash left is removed at the next start (private-temp.ts).
 */
function htmlFile(): string {
  return join(makeWorkDirIn(app.getPath('userData'), 'in'), 'trang-in.html')
}

async function removeHtml(file: string): Promise<void> {
  await rm(dirname(file), { recursive: true, force: true })
}

/**
 * The app's PDF renderer: Chromium inside Electron (printToPDF) on a hidden window with scripts
 * off. The print HTML is self-contained (fonts inlined), so it is loaded from a temporary file.
 */
export const electronPdfRenderer: PdfRenderer = {
  async htmlToPdf(html, { landscape }) {
    const file = htmlFile()
    const win = new BrowserWindow({ show: false, webPreferences: { ...WEB_PREFERENCES, javascript: false } })
    try {
      await writeFile(file, html, { encoding: 'utf8', mode: PRIVATE_FILE_MODE })
      await win.loadFile(file)
      return await win.webContents.printToPDF({ pageSize: 'A4', landscape, printBackground: true, preferCSSPageSize: true })
    } finally {
      win.destroy()
      await removeHtml(file)
    }
  },
}

/** The OS print dialog for print HTML (Windows shows its own preview there). */
export const electronPrinter: Printer = {
  async printHtml(html, { landscape }) {
    const file = htmlFile()
    const win = new BrowserWindow({ show: false, webPreferences: { ...WEB_PREFERENCES, javascript: false } })
    try {
      await writeFile(file, html, { encoding: 'utf8', mode: PRIVATE_FILE_MODE })
      await win.loadFile(file)
      return await new Promise<boolean>((resolve) =>
        win.webContents.print({ landscape, printBackground: true, pageSize: 'A4' }, (success) => resolve(success)),
      )
    } finally {
      win.destroy()
      await removeHtml(file)
    }
  },
}
