import { constants, crc32, deflateRawSync } from 'node:zlib'

const MB = 1024 * 1024

/**
 * A raw deflate stream that inflates to `copies` × `block` (after `head`, if given), built in
 * milliseconds and never held inflated: each piece is deflated on its own with a sync flush (which
 * ends byte-aligned and not final), so the pieces can be laid end to end; an empty final block
 * closes the stream. 600 copies of a 1 MB block of sheet rows are 1.8 MB.
 */
export function deflateBomb(block: Buffer, copies: number, head?: Buffer): Buffer {
  const piece = (b: Buffer) => deflateRawSync(b, { level: 9, finishFlush: constants.Z_SYNC_FLUSH })
  const one = piece(block)
  return Buffer.concat([...(head ? [piece(head)] : []), ...Array<Buffer>(copies).fill(one), Buffer.from([0x03, 0x00])])
}

/** 1 MB of sheet rows, repeated by deflateBomb into a sheet of hundreds of MB. */
export function sheetRowsBlock(): Buffer {
  const row = '<row><c t="inlineStr"><is><t>Nguyễn Văn Bom</t></is></c></row>'
  const text = Buffer.from(row.repeat(Math.ceil(MB / Buffer.byteLength(row))))
  return text.subarray(0, text.lastIndexOf('</row>') + '</row>'.length)
}

/**
 * A valid gzip member of `copies` × `block`: header, the deflate bomb, then the CRC-32 and length
 * of the whole output (computed block by block), so a reader that inflates it all finds it sound.
 */
export function gzipBomb(block: Buffer, copies: number): Buffer {
  let crc = 0
  for (let i = 0; i < copies; i++) crc = crc32(block, crc)
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE((block.length * copies) % 2 ** 32, 4)
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
  return Buffer.concat([header, deflateBomb(block, copies), trailer])
}

/**
 * Puts `hidden` (a local file entry: header and data) in front of a zip and moves every offset the
 * central directory and its end record hold, so a reader going by the directory never meets it and a
 * reader walking the local headers from byte 0 (ExcelJS's unzipper) meets it first.
 */
export function prependHiddenEntry(zip: Buffer, hidden: Buffer): Buffer {
  const out = Buffer.concat([hidden, zip])
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = out.readUInt16LE(eocd + 10)
  let p = out.readUInt32LE(eocd + 16) + hidden.length
  out.writeUInt32LE(p, eocd + 16)
  for (let i = 0; i < count; i++) {
    out.writeUInt32LE(out.readUInt32LE(p + 42) + hidden.length, p + 42)
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32)
  }
  return out
}

/** A local file entry alone (no directory record): `name`, deflated `data` declaring `declaredSize`. */
export function localEntry(name: string, deflated: Buffer, declaredSize: number): Buffer {
  const n = Buffer.from(name, 'utf8')
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(20, 4)
  h.writeUInt16LE(8, 8)
  h.writeUInt32LE(deflated.length, 18)
  h.writeUInt32LE(declaredSize, 22)
  h.writeUInt16LE(n.length, 26)
  return Buffer.concat([h, n, deflated])
}

/**
 * Appends a stored part with bit 3 set and no sizes in its local header, whose data starts with a
 * data-descriptor signature and goes on with `hidden` (a local entry). The directory gives the part
 * its full size, so a reader going by the directory sees one harmless part; a streaming reader stops
 * the part at the first signature and reads `hidden` as the next entry.
 */
export function smuggleBehindDescriptor(zip: Buffer, hidden: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const cdOffset = zip.readUInt32LE(eocd + 16)
  const count = zip.readUInt16LE(eocd + 10)
  const name = Buffer.from('xl/media/anh.bin')
  const data = Buffer.concat([Buffer.from([0x50, 0x4b, 0x07, 0x08]), Buffer.alloc(12), hidden])
  const crc = crc32(data)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(0x0008, 6)
  local.writeUInt16LE(name.length, 26)
  const descriptor = Buffer.alloc(16)
  descriptor.writeUInt32LE(0x08074b50, 0)
  descriptor.writeUInt32LE(crc, 4)
  descriptor.writeUInt32LE(data.length, 8)
  descriptor.writeUInt32LE(data.length, 12)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(0x0008, 8)
  central.writeUInt32LE(crc, 16)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(data.length, 24)
  central.writeUInt16LE(name.length, 28)
  central.writeUInt32LE(cdOffset, 42)
  const added = Buffer.concat([local, name, data, descriptor])
  const end = Buffer.from(zip.subarray(eocd))
  end.writeUInt16LE(count + 1, 8)
  end.writeUInt16LE(count + 1, 10)
  end.writeUInt32LE(end.readUInt32LE(12) + central.length + name.length, 12)
  end.writeUInt32LE(cdOffset + added.length, 16)
  return Buffer.concat([zip.subarray(0, cdOffset), added, zip.subarray(cdOffset, eocd), central, name, end])
}
