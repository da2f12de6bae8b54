import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import type { PdfRenderer } from './pdf'

/** Where a Chromium-family browser usually is: Debian's Chromium, or Edge, which every Windows PC has. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
]

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.CHROMIUM_PATH
  if (fromEnv) return fromEnv
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

export interface ChromiumPdfRenderer extends PdfRenderer {
  close(): Promise<void>
}

/**
 * Headless Chromium as the PDF renderer for the CLI and the tests: launched on first use, reused for
 * every document, closed by the caller. No network: the HTML is self-contained (fonts inlined).
 */
export function chromiumPdfRenderer(executablePath: string | null = findChromium()): ChromiumPdfRenderer {
  let browser: Promise<Browser> | null = null
  const launch = async (): Promise<Browser> => {
    if (!executablePath) throw new Error('Không tìm thấy trình duyệt Chromium hoặc Edge để tạo PDF (đặt biến CHROMIUM_PATH).')
    const { chromium } = await import('playwright-core')
    return chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
  }
  return {
    async htmlToPdf(html, { landscape }) {
      browser ??= launch()
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true })
      try {
        const page = await context.newPage()
        await page.setContent(html, { waitUntil: 'load' })
        // Inlined fonts decode asynchronously: wait for them, or the PDF may fall back to another serif.
        await page.evaluate('document.fonts.ready.then(() => true)').catch(() => undefined)
        return await page.pdf({ format: 'A4', landscape, printBackground: true, preferCSSPageSize: true })
      } finally {
        await context.close()
      }
    },
    async close() {
      if (browser) await (await browser).close()
      browser = null
    },
  }
}
