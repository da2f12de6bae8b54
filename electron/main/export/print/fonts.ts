import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resourcesDir } from '../../resources'

/**
 * @font-face rules for Tinos (metric twin of Times New Roman, full Vietnamese), with the font
 * files inlined as data: URLs so the print HTML is one self-contained string: the same in the app's
 * printToPDF, in headless Chromium and on a PC without the font installed. Read once, then cached.
 */
let cached: string | null = null

export function printFontFaces(): string {
  if (cached !== null) return cached
  const dir = join(resourcesDir(), 'fonts')
  const css = readFileSync(join(dir, 'fonts.css'), 'utf8')
  const blocks = css.split('@font-face').slice(1)
  const out: string[] = []
  for (const block of blocks) {
    if (!block.includes("font-family: 'Tinos'")) continue
    const file = /url\(\.\/([^)]+)\)/.exec(block)?.[1]
    if (!file) continue
    const data = readFileSync(join(dir, file)).toString('base64')
    out.push(`@font-face${block.replace(/url\(\.\/[^)]+\)/, `url(data:font/woff2;base64,${data})`).replace(/\/\*[^*]*\*\/\s*$/, '')}`)
  }
  cached = out.join('\n')
  return cached
}
