import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntryInput {
  name: string
  data: Uint8Array
}

/**
 * Writes a plain zip (no zip64, no encryption) that Windows Explorer, `unzip` and every library
 * read. Written here rather than with a library so the writer and the hardened reader agree
 * byte for byte on what a package looks like: UTF-8 names with the language flag (bit 11) and a
 * Unix "made by" (so Vietnamese file names are not read as CP437), one fixed timestamp, entries
 * in the order given, and (when asked) deflate only where it actually shrinks the file. Packages
 * are written stored (see build.ts): a deflate stream can be re-encoded without changing what it
 * inflates to, so only stored bytes are fully covered by the hashes.
 */
export function writeZip(entries: readonly ZipEntryInput[], at: Date, options: { compress: boolean } = { compress: true }): Buffer {
  const { time, date } = dosDateTime(at)
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name.normalize('NFC'), 'utf8')
    const deflated = options.compress ? deflateRawSync(e.data, { level: 6 }) : null
    const stored = !deflated || deflated.length >= e.data.length
    const body = stored || !deflated ? Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength) : deflated
    const crc = crc32(e.data)
    const method = stored ? 0 : 8
    if (body.length > 0xfffffffe || e.data.length > 0xfffffffe || offset > 0xfffffffe) {
      throw new Error('Gói quá lớn cho định dạng zip thường (trên 4 GB).')
    }
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(time, 10)
    local.writeUInt16LE(date, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(e.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, body)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(time, 12)
    central.writeUInt16LE(date, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(e.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38) // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + body.length
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

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear())
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  }
}
