import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readXlsx } from '../helpers/openpyxl'
import { tempDir } from '../helpers/temp'
import { writeZip } from '../helpers/zip'

/**
 * ExcelJS's readers decode each inflated chunk of an XML part on its own (upstream issues #2063,
 * #2084, #2316), so a character cut by a chunk boundary came out as U+FFFD. patches/exceljs+4.4.0.patch
 * keeps one streaming decoder per part. These tests cut the bytes at every offset of the
 * multi-byte text: wherever the cut falls, the text must come out whole.
 */

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown }
type ParseSax = (chunks: AsyncIterable<Uint8Array | string>) => AsyncGenerator<SaxEvent[]>
// The one function every ExcelJS reader (streaming and in-memory) sends its XML parts through.
const parseSax = createRequire(import.meta.url)('exceljs/lib/utils/parse-sax') as ParseSax

const NAMES = ['Nguyễn Thị Hường', 'Lường Thị Ơn', 'Đặng Văn Khải', 'Hoàng Thị Lụa']
const VILLAGES = ['Thôn Một', 'Bản Nà Phặc', 'Thôn Đồng Tâm', 'Thôn Khe Mạ']
// A Nôm character outside the BMP: four bytes in UTF-8, a surrogate pair in JavaScript.
const NOTE = 'Ghi chú: 𡨸 Nôm'

/** Splits `bytes` at the given offsets (ascending), as a stream or an unzipper would hand them over. */
function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = []
  let from = 0
  for (const cut of cuts) {
    out.push(bytes.subarray(from, cut))
    from = cut
  }
  out.push(bytes.subarray(from))
  return out
}

/** The first and last byte of the non-ASCII text in `bytes`: the region worth cutting. */
function multiByteRegion(bytes: Buffer): [number, number] {
  const first = bytes.findIndex((b) => b >= 0x80)
  const last = bytes.findLastIndex((b) => b >= 0x80)
  expect(first).toBeGreaterThanOrEqual(0)
  return [first, last]
}

/** The text of every <t> element, whatever pieces saxes emitted it in. */
async function texts(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = []
  let current: string | null = null
  for await (const events of parseSax(Readable.from(chunks))) {
    for (const { eventType, value } of events) {
      if (eventType === 'opentag' && (value as { name: string }).name === 't') current = ''
      else if (eventType === 'text' && current !== null) current += value as string
      else if (eventType === 'closetag' && (value as { name: string }).name === 't' && current !== null) {
        out.push(current)
        current = null
      }
    }
  }
  return out
}

describe('ExcelJS XML decoding across chunk boundaries', () => {
  it('parse-sax keeps every character whole, wherever one or two cuts fall', async () => {
    const strings = [...NAMES, ...VILLAGES, NOTE]
    const xml = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
        strings.map((s) => `<si><t>${s}</t></si>`).join('') +
        '</sst>',
      'utf8',
    )
    expect(await texts([xml])).toEqual(strings)
    const [first, last] = multiByteRegion(xml)
    const broken: string[] = []
    for (let cut = first; cut <= last + 1; cut++) {
      // Two chunks, and three with a one-byte middle (a four-byte character can arrive in three pieces).
      for (const cuts of [[cut], [cut, cut + 1]]) {
        const got = await texts(pieces(xml, cuts))
        if (JSON.stringify(got) !== JSON.stringify(strings)) broken.push(`cut at ${cuts.join('+')}: ${got.join(' | ')}`)
      }
    }
    expect(broken.slice(0, 10), `${broken.length} cuts broke the text`).toEqual([])
  })

  it('the streaming WorkbookReader reads a workbook cut at every byte of its text as openpyxl reads it whole', async () => {
    const dir = tempDir()
    const file = join(dir, 'ds.xlsx')
    const { sharedStrings, sheet } = writeTextWorkbook(file)
    const bytes = readFileSync(file)
    const expected = Object.fromEntries(Object.entries(readXlsx(file)[0]!.cells).map(([ref, c]) => [ref, c.v]))
    expect(expected).toMatchObject({ B2: NAMES[0], C2: VILLAGES[0], D2: NOTE, B5: NAMES[3], C5: VILLAGES[3] })
    expect(await readWithExcelJS(bytes, [])).toEqual(expected)

    // The parts are stored uncompressed, so a cut in the file is a cut in the part's XML: the
    // shared strings (names, read by the shared-strings reader) and the sheet (inline villages,
    // read by the worksheet reader).
    const broken: string[] = []
    for (const part of [sharedStrings, sheet]) {
      const at = bytes.indexOf(part)
      expect(at).toBeGreaterThan(0)
      const [first, last] = multiByteRegion(part)
      for (let cut = at + first; cut <= at + last + 1; cut++) {
        const got = await readWithExcelJS(bytes, [cut])
        const wrong = Object.keys(expected).filter((ref) => got[ref] !== expected[ref])
        if (wrong.length) broken.push(`cut at ${cut}: ${wrong.map((ref) => `${ref}=${String(got[ref])}`).join(', ')}`)
      }
    }
    expect(broken.slice(0, 10), `${broken.length} cuts broke the text`).toEqual([])
  }, 120_000)
})

/** Every cell value the streaming reader gives, by address, reading the file from the given pieces. */
async function readWithExcelJS(bytes: Buffer, cuts: number[]): Promise<Record<string, unknown>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(pieces(bytes, cuts)), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  const cells: Record<string, unknown> = {}
  for await (const ws of reader) {
    for await (const row of ws) row.eachCell((cell) => (cells[cell.address] = cell.value))
  }
  return cells
}

/**
 * A list as Excel lays it out (shared strings for the header and names, UTF-8 as Excel writes
 * it), with the villages and a note as inline strings, every part stored uncompressed.
 */
function writeTextWorkbook(path: string): { sharedStrings: Buffer; sheet: Buffer } {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
  const officeRels = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  const header = ['Mã hộ', 'Họ và tên chủ hộ', 'Thôn', 'Ghi chú']
  const strings = [...header, ...NAMES]
  const sst = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">` +
      strings.map((s) => `<si><t>${s}</t></si>`).join('') +
      '</sst>',
    'utf8',
  )
  const shared = (ref: string, s: string) => `<c r="${ref}" t="s"><v>${strings.indexOf(s)}</v></c>`
  const inline = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`
  const rows = [`<row r="1">${header.map((h, i) => shared(`${'ABCD'[i]}1`, h)).join('')}</row>`]
  NAMES.forEach((name, i) => {
    const r = i + 2
    const note = i === 0 ? inline(`D${r}`, NOTE) : ''
    rows.push(`<row r="${r}">${inline(`A${r}`, `H-${r}`)}${shared(`B${r}`, name)}${inline(`C${r}`, VILLAGES[i]!)}${note}</row>`)
  })
  const sheet = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${main}"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    'utf8',
  )
  const types = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${officeRels}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  const workbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${officeRels}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`
  const workbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${officeRels}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${officeRels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
  writeZip(path, [
    { name: '[Content_Types].xml', data: Buffer.from(types), stored: true },
    { name: '_rels/.rels', data: Buffer.from(rels), stored: true },
    { name: 'xl/workbook.xml', data: Buffer.from(workbook, 'utf8'), stored: true },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(workbookRels), stored: true },
    { name: 'xl/sharedStrings.xml', data: sst, stored: true },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, stored: true },
  ])
  return { sharedStrings: sst, sheet }
}
