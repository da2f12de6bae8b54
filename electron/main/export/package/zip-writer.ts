import { crc32, deflateRawSync } from 'node:zlib'

export interface ZipEntryInput {
  name: string
  data: Uint8Array
}

/** Zip without zip64 describes sizes and offsets in 32 bits. */
const ZIP32_LIMIT = 0xfffffffe
const TOO_LARGE = 'Gói quá lớn cho định dạng zip thường (trên 4 GB).'

/**
 * Writes a plain zip (no zip64, no encryption) that Windows Explorer, `unzip` and every library
 * read. Written here rather than with a library so the writer and the hardened reader agree
 * byte for byte on what a package looks like: UTF-8 names with the language flag (bit 11) and a
 * Unix "made by" (so Vietnamese file names are not read as CP437), one fixed timestamp, entries
 * in the order given, and (when asked) deflate only where it actually shrinks the file. Packages
 * are written stored (see build.ts): a deflate stream can be re-encoded without changing what it
 * inflates to, so only stored bytes are fully covered by the hashes.
 *
 * This in-memory form serves small archives and tests; packages are written by ZipStreamWriter,
 * which lays out the same bytes a piece at a time.
 */
export function writeZip(entries: readonly ZipEntryInput[], at: Date, options: { compress: boolean } = { compress: true }): Buffer {
  const parts: Buffer[] = []
  const zip = new ZipStreamWriter((b) => void parts.push(b), at)
  for (const e of entries) {
    const deflated = options.compress ? deflateRawSync(e.data, { level: 6 }) : null
    const stored = !deflated || deflated.length >= e.data.length
    const body = stored || !deflated ? Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength) : deflated
    zip.entry({ name: e.name, size: e.data.length, crc: crc32(e.data), method: stored ? 0 : 8, compressedSize: body.length })
    zip.body(body)
  }
  zip.finish()
  return Buffer.concat(parts)
}

/** An entry whose size and CRC-32 are known before its body is written (a package's files are hashed first). */
export interface ZipEntryHeader {
  name: string
  /** Uncompressed size. */
  size: number
  crc: number
  /** 0 stored (every package entry), 8 deflated. */
  method?: 0 | 8
  compressedSize?: number
}

/**
 * Writes a zip to a sink in order: for each entry its local header, then its body in as many
 * pieces as the caller likes, then the central directory. Memory holds the directory only (a few
 * dozen entries), never a body. The central directory lists the entries in `directoryOrder`
 * when given (a package lists its manifest first, whatever order the bodies were written in).
 */
export class ZipStreamWriter {
  private offset = 0
  private readonly centrals: { name: string; header: Buffer; nameBytes: Buffer }[] = []
  private pending = 0
  private readonly time: number
  private readonly date: number

  constructor(
    private readonly sink: (bytes: Buffer) => void,
    at: Date,
  ) {
    ;({ time: this.time, date: this.date } = dosDateTime(at))
  }

  /** Starts an entry: writes its local header. Its body must follow, exactly `compressedSize` bytes. */
  entry(e: ZipEntryHeader): void {
    if (this.pending !== 0) throw new Error(`zip: the previous entry is ${this.pending} bytes short`)
    const name = Buffer.from(e.name.normalize('NFC'), 'utf8')
    const method = e.method ?? 0
    const csize = e.compressedSize ?? e.size
    if (csize > ZIP32_LIMIT || e.size > ZIP32_LIMIT || this.offset > ZIP32_LIMIT) throw new Error(TOO_LARGE)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(this.time, 10)
    local.writeUInt16LE(this.date, 12)
    local.writeUInt32LE(e.crc >>> 0, 14)
    local.writeUInt32LE(csize, 18)
    local.writeUInt32LE(e.size, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(this.time, 12)
    central.writeUInt16LE(this.date, 14)
    central.writeUInt32LE(e.crc >>> 0, 16)
    central.writeUInt32LE(csize, 20)
    central.writeUInt32LE(e.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38) // a regular file, rw-r--r--
    central.writeUInt32LE(this.offset, 42)
    this.centrals.push({ name: e.name, header: central, nameBytes: name })
    this.put(local)
    this.put(name)
    this.pending = csize
  }

  /** A piece of the current entry's body. */
  body(bytes: Buffer): void {
    if (bytes.length > this.pending) throw new Error('zip: more bytes than the entry declared')
    this.pending -= bytes.length
    this.put(bytes)
  }

  /** Writes the central directory and the end record. */
  finish(directoryOrder?: readonly string[]): void {
    if (this.pending !== 0) throw new Error(`zip: the last entry is ${this.pending} bytes short`)
    const order = directoryOrder ?? this.centrals.map((c) => c.name)
    const listed = order.map((n) => this.centrals.find((c) => c.name === n)!)
    if (listed.length !== this.centrals.length || listed.some((c) => !c)) throw new Error('zip: directory order must name every entry once')
    const cdOffset = this.offset
    for (const c of listed) {
      this.put(c.header)
      this.put(c.nameBytes)
    }
    if (this.offset > ZIP32_LIMIT) throw new Error(TOO_LARGE)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(listed.length, 8)
    end.writeUInt16LE(listed.length, 10)
    end.writeUInt32LE(this.offset - cdOffset, 12)
    end.writeUInt32LE(cdOffset, 16)
    this.put(end)
  }

  /** Bytes written so far. */
  get size(): number {
    return this.offset
  }

  private put(bytes: Buffer): void {
    this.sink(bytes)
    this.offset += bytes.length
  }
}

/** The exact size of a stored zip holding entries of these names and sizes (to check the disk before writing). */
export function storedZipSize(entries: readonly { name: string; size: number }[]): number {
  let n = 22
  for (const e of entries) n += 30 + 46 + 2 * Buffer.byteLength(e.name.normalize('NFC'), 'utf8') + e.size
  return n
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear())
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  }
}
