import { writeFileSync } from 'node:fs'
import { crc32, deflateRawSync } from 'node:zlib'

/**
 * A minimal zip writer for crafted test workbooks (a sheet of a million rows, a zip bomb that
 * lies about its sizes), built from the spec so the tests do not depend on the reader's library.
 */
export interface ZipEntrySpec {
  name: string
  data: Buffer
  declaredSize?: number
  stored?: boolean
  /** Deflated bytes made elsewhere (a bomb): written as they are, `data` is then ignored. */
  deflated?: Buffer
}

export function writeZip(path: string, entries: ZipEntrySpec[]): void {
  writeFileSync(path, zipBytes(entries))
}

export function zipBytes(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    // Stored entries keep their bytes as they are, at a known place in the file.
    const compressed = e.deflated ?? (e.stored ? e.data : deflateRawSync(e.data, { level: 1 }))
    const method = e.stored && !e.deflated ? 0 : 8
    const size = e.declaredSize ?? e.data.length
    const crc = crc32(e.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, compressed)
    centrals.push(central, name)
    offset += 30 + name.length + compressed.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

/** A one-sheet .xlsx whose sheet XML is given (inline strings, no shared strings needed). */
export function writeSheetXlsx(path: string, sheetRowsXml: string, extra: { declaredSheetSize?: number } = {}): void {
  writeZip(path, [
    ...workbookParts(),
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(sheetXml(sheetRowsXml)),
      declaredSize: extra.declaredSheetSize,
    },
  ])
}

export const sheetXml = (sheetRowsXml: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRowsXml}</sheetData></worksheet>`

/** Every part of a one-sheet workbook but the sheet itself (named "DS", at xl/worksheets/sheet1.xml). */
export function workbookParts(): ZipEntrySpec[] {
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
  return [
    { name: '[Content_Types].xml', data: Buffer.from(ct) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'xl/workbook.xml', data: Buffer.from(wb) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(wbRels) },
  ]
}

export function inlineRow(r: number, values: (string | number)[]): string {
  const cells = values
    .map((v, i) => {
      const ref = `${String.fromCharCode(65 + i)}${r}`
      return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`
    })
    .join('')
  return `<row r="${r}">${cells}</row>`
}
