import { readSync } from 'node:fs'
import { crc32, inflateRawSync } from 'node:zlib'
import { INPUT_LIMITS } from '../input/limits'

/** Bounds that keep a hostile archive from exhausting memory (a zip bomb) or the file table. */
export interface ZipLimits {
  maxEntries: number
  /** Largest uncompressed size of one entry, declared or actual. */
  maxEntryBytes: number
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number
  /** Accept only the exact layout zip-writer.ts produces (see layoutProblem). */
  strictLayout: boolean
}

/** A package's limits, from export/input/limits.ts. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: INPUT_LIMITS.package.entries,
  maxEntryBytes: INPUT_LIMITS.package.entryBytes,
  maxTotalBytes: INPUT_LIMITS.package.fileBytes,
  strictLayout: true,
}

/**
 * With strictLayout, every header field must hold what zip-writer.ts writes and the local header
 * must repeat the central one. Packages only ever come from our writer, and the fields the hashes
 * do not cover (times, attributes, versions) are then covered too: one byte changed anywhere in
 * the file is refused, not only a byte of a listed file. `central` and `local` are the fixed parts
 * of the two headers (46 and 30 bytes).
 */
function layoutProblem(central: Buffer, local: Buffer, localExtraLen: number): string | null {
  const expected: [Buffer, number, number, number][] = [
    [central, 4, (3 << 8) | 20, 2], // made by Unix, spec 2.0
    [central, 10, 0, 2], // stored: every byte of the body is the file itself, covered by its hash
    [central, 6, 20, 2],
    [central, 8, 0x0800, 2],
    [central, 30, 0, 2], // extra length
    [central, 32, 0, 2], // comment length
    [central, 34, 0, 2], // disk number
    [central, 36, 0, 2], // internal attributes
    [central, 38, (0o100644 << 16) >>> 0, 4],
    [local, 4, 20, 2],
    [local, 6, 0x0800, 2],
  ]
  for (const [b, at, value, size] of expected) {
    if ((size === 2 ? b.readUInt16LE(at) : b.readUInt32LE(at)) !== value) return 'phần đầu có giá trị lạ'
  }
  if (localExtraLen !== 0) return 'phần đầu có trường phụ lạ'
  // method, time, date, crc, compressed and uncompressed sizes, name length: local == central.
  if (!local.subarray(8, 28).equals(central.subarray(10, 30))) return 'phần đầu cục bộ khác danh mục'
  return null
}

export type ZipProblemCode = 'truncated' | 'not-zip' | 'unsupported' | 'unsafe-name' | 'duplicate' | 'too-large' | 'corrupt'

/** A structural problem with the archive; the message names the entry and says what is wrong in plain words. */
export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblemCode,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Where a zip's bytes come from: a buffer (tests, small files) or an open file read at positions,
 * so that a package of any size is checked and read a piece at a time, never held whole.
 */
export interface ZipSource {
  readonly size: number
  /** Exactly `length` bytes at `position` (fewer only past the end). */
  read(position: number, length: number): Buffer
}

export function bufferSource(zip: Buffer): ZipSource {
  return { size: zip.length, read: (position, length) => zip.subarray(position, position + length) }
}

/** Reads an open file at positions; the caller owns (and closes) the descriptor. */
export function fileSource(fd: number, size: number): ZipSource {
  return {
    size,
    read(position, length) {
      const out = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)))
      let at = 0
      while (at < out.length) {
        const n = readSync(fd, out, at, out.length - at, position + at)
        if (n === 0) break
        at += n
      }
      return out.subarray(0, at)
    },
  }
}

/** One checked entry: where its body lies and what the directory says of it. */
export interface ZipEntryInfo {
  name: string
  method: number
  crc: number
  csize: number
  usize: number
  /** Offset of the body (after the local header). */
  start: number
}

/** Bytes read from a source per step when an entry is streamed: large enough to keep hashing fast, small enough to be nothing. */
export const ZIP_READ_CHUNK = 1024 * 1024

/**
 * Reads every entry of a zip held in memory (small archives and tests); see readZipIndex for the checks.
 */
export function readZip(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Buffer> {
  const source = bufferSource(zip)
  const out = new Map<string, Buffer>()
  for (const e of readZipIndex(source, limits).values()) out.set(e.name, readEntry(source, e))
  return out
}

/**
 * Checks the structure of a zip and lists its entries without reading their bodies, refusing rather than guessing:
 * - the end record must be where a whole file ends it (a truncated copy has none; bytes after it are refused);
 * - the central directory must be exactly where it says and cover every entry; each local header
 *   must repeat the central name and sit in its own range (overlapping entries are a known bomb trick);
 * - names must be relative, forward-slash, without `.`/`..`, drive letters, control characters or
 *   duplicates (also duplicates up to case, which collide on Windows);
 * - declared sizes are checked against the limits before inflating. Bodies are read (and their
 *   CRC-32 checked) by readEntry or entryChunks.
 */
export function readZipIndex(source: ZipSource, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, ZipEntryInfo> {
  const tail = Math.min(source.size, 22 + 0xffff)
  const end = source.read(source.size - tail, tail)
  const eocd = source.size - tail + findEnd(end, source.size - tail, source.read(0, 4))
  const e0 = eocd - (source.size - tail)
  const count = end.readUInt16LE(e0 + 10)
  const cdSize = end.readUInt32LE(e0 + 12)
  const cdOffset = end.readUInt32LE(e0 + 16)
  if (end.readUInt16LE(e0 + 4) !== 0 || end.readUInt16LE(e0 + 6) !== 0 || end.readUInt16LE(e0 + 8) !== count) {
    throw new ZipError('unsupported', 'Tệp zip nhiều phần (chia đĩa) không được hỗ trợ.')
  }
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw new ZipError('unsupported', 'Tệp zip64 không được hỗ trợ.')
  if (count > limits.maxEntries) throw new ZipError('too-large', `Gói có ${count} tệp, vượt giới hạn ${limits.maxEntries}.`)
  if (cdOffset + cdSize !== eocd) throw new ZipError('corrupt', 'Danh mục tệp trong zip không nằm đúng chỗ: tệp bị cắt cụt hoặc bị sửa.')

  // The directory is small (a few dozen entries; at most maxEntries of at most 64 KB names each).
  const cd = source.read(cdOffset, cdSize)
  const entries: (ZipEntryInfo & { central: Buffer; offset: number })[] = []
  let p = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdSize || cd.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt', 'Danh mục tệp trong zip bị hỏng.')
    const flags = cd.readUInt16LE(p + 8)
    const nameLen = cd.readUInt16LE(p + 28)
    const extraLen = cd.readUInt16LE(p + 30)
    const commentLen = cd.readUInt16LE(p + 32)
    if (p + 46 + nameLen + extraLen + commentLen > cdSize) throw new ZipError('corrupt', 'Danh mục tệp trong zip bị hỏng.')
    const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x0800) !== 0)
    if (flags & 0x0001) throw new ZipError('unsupported', `Tệp "${name}" trong gói bị mã hóa; gói không được mã hóa.`)
    const entry = {
      name,
      central: cd.subarray(p, p + 46),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      csize: cd.readUInt32LE(p + 20),
      usize: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
      start: 0,
    }
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError('unsupported', `Tệp "${name}" dùng kiểu nén không hỗ trợ (${entry.method}).`)
    entries.push(entry)
    p += 46 + nameLen + extraLen + commentLen
  }
  if (p !== cdSize) throw new ZipError('corrupt', 'Danh mục tệp trong zip có dữ liệu thừa.')

  const seen = new Set<string>()
  let total = 0
  for (const e of entries) {
    const why = unsafeName(e.name)
    if (why) throw new ZipError('unsafe-name', `Tên tệp "${e.name}" trong gói không an toàn: ${why}.`)
    const key = e.name.normalize('NFC').toLowerCase()
    if (seen.has(key)) throw new ZipError('duplicate', `Tệp "${e.name}" xuất hiện hai lần trong gói.`)
    seen.add(key)
    if (e.usize > limits.maxEntryBytes)
      throw new ZipError('too-large', `Tệp "${e.name}" khai báo ${e.usize} byte, vượt giới hạn ${limits.maxEntryBytes} byte.`)
    total += e.usize
    if (total > limits.maxTotalBytes)
      throw new ZipError('too-large', `Tổng dung lượng giải nén vượt giới hạn ${limits.maxTotalBytes} byte.`)
  }

  // Every entry's bytes, local header included, must lie in its own range before the directory.
  const ranges: [number, number, string][] = []
  const out = new Map<string, ZipEntryInfo>()
  for (const e of entries) {
    const h = e.offset
    const local = h + 30 <= cdOffset ? source.read(h, 30) : Buffer.alloc(0)
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
      throw new ZipError('corrupt', `Tệp "${e.name}": phần đầu trong zip bị hỏng.`)
    const nameLen = local.readUInt16LE(26)
    const extraLen = local.readUInt16LE(28)
    if (h + 30 + nameLen > cdOffset) throw new ZipError('truncated', `Tệp "${e.name}" bị cắt cụt.`)
    const localName = decodeName(source.read(h + 30, nameLen), (local.readUInt16LE(6) & 0x0800) !== 0)
    if (localName !== e.name) throw new ZipError('corrupt', `Tệp "${e.name}" mang tên khác ("${localName}") ở phần đầu: gói bị sửa.`)
    const start = h + 30 + nameLen + extraLen
    const end = start + e.csize
    if (end > cdOffset) throw new ZipError('truncated', `Tệp "${e.name}" bị cắt cụt.`)
    if (limits.strictLayout) {
      const why = layoutProblem(e.central, local, extraLen)
      if (why) throw new ZipError('corrupt', `Tệp "${e.name}": ${why} — gói đã bị sửa sau khi tạo.`)
    }
    if (e.method === 0 && e.csize !== e.usize) throw new ZipError('corrupt', `Tệp "${e.name}": kích thước không khớp.`)
    ranges.push([h, end, e.name])
    out.set(e.name, { name: e.name, method: e.method, crc: e.crc, csize: e.csize, usize: e.usize, start })
  }
  ranges.sort((a, b) => a[0] - b[0])
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]![0] < ranges[i - 1]![1])
      throw new ZipError('corrupt', `Tệp "${ranges[i]![2]}" chồng lên tệp "${ranges[i - 1]![2]}" trong zip.`)
  }
  if (limits.strictLayout) {
    // Entries back to back from byte 0 to the directory: no hidden bytes between or before them.
    let at = 0
    for (const [start, end, name] of ranges) {
      if (start !== at) throw new ZipError('corrupt', `Có dữ liệu lạ trước tệp "${name}" trong zip: gói đã bị sửa.`)
      at = end
    }
    if (at !== cdOffset) throw new ZipError('corrupt', 'Có dữ liệu lạ trước danh mục tệp trong zip: gói đã bị sửa.')
    if (end.readUInt16LE(e0 + 20) !== 0) throw new ZipError('corrupt', 'Tệp zip có chú thích lạ ở cuối: gói đã bị sửa.')
  }
  return out
}

/**
 * One entry's bytes, whole (a manifest, a signature, a report: small files). Inflation stops at
 * the declared size (+1 to notice a lie), whatever the stream says; the CRC-32 must match.
 */
export function readEntry(source: ZipSource, e: ZipEntryInfo): Buffer {
  const body = source.read(e.start, e.csize)
  if (body.length !== e.csize) throw new ZipError('truncated', `Tệp "${e.name}" bị cắt cụt.`)
  let data: Buffer
  if (e.method === 0) data = body
  else {
    try {
      data = inflateRawSync(body, { maxOutputLength: Math.max(1, e.usize + 1) })
    } catch (err) {
      if (err instanceof RangeError)
        throw new ZipError('too-large', `Tệp "${e.name}" giải nén ra nhiều hơn kích thước khai báo (có thể là "bom zip").`)
      throw new ZipError('corrupt', `Tệp "${e.name}" không giải nén được (dữ liệu nén bị hỏng).`)
    }
    if (data.length !== e.usize)
      throw new ZipError('corrupt', `Tệp "${e.name}" giải nén ra ${data.length} byte, khác ${e.usize} byte khai báo.`)
  }
  if (crc32(data) >>> 0 !== e.crc >>> 0) throw new ZipError('corrupt', `Tệp "${e.name}" sai mã kiểm tra CRC: dữ liệu bị hỏng hoặc bị sửa.`)
  return data
}

/**
 * One entry's bytes a piece at a time (a snapshot table of any size). Stored entries are read in
 * ZIP_READ_CHUNK steps; the CRC-32 is checked after the last piece, so a consumer must treat what
 * it got as unconfirmed until the generator has finished. A deflated entry (never in a package) is
 * read whole, within the limits already checked.
 */
export function* entryChunks(source: ZipSource, e: ZipEntryInfo): Generator<Buffer> {
  if (e.method !== 0) {
    yield readEntry(source, e)
    return
  }
  let crc = 0
  for (let at = 0; at < e.csize; at += ZIP_READ_CHUNK) {
    const chunk = source.read(e.start + at, Math.min(ZIP_READ_CHUNK, e.csize - at))
    if (chunk.length === 0) throw new ZipError('truncated', `Tệp "${e.name}" bị cắt cụt.`)
    crc = crc32(chunk, crc)
    yield chunk
  }
  if (crc >>> 0 !== e.crc >>> 0) throw new ZipError('corrupt', `Tệp "${e.name}" sai mã kiểm tra CRC: dữ liệu bị hỏng hoặc bị sửa.`)
}

/** The end record's position within `tail` (the last bytes of the file, which start at `base`). */
function findEnd(tail: Buffer, base: number, head: Buffer): number {
  if (base + tail.length < 22) throw new ZipError('truncated', 'Tệp quá ngắn: không phải gói zip hoặc bị cắt cụt.')
  // The end record is 22 bytes plus a comment of up to 65,535; search backwards from the end.
  for (let p = tail.length - 22; p >= 0; p--) {
    if (tail.readUInt32LE(p) === 0x06054b50 && p + 22 + tail.readUInt16LE(p + 20) === tail.length) return p
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50)
    throw new ZipError('truncated', 'Gói zip bị cắt cụt (thiếu phần cuối): có thể chép chưa xong.')
  throw new ZipError('not-zip', 'Tệp không phải là gói zip.')
}

function decodeName(bytes: Buffer, utf8Flag: boolean): string {
  // Without the UTF-8 flag the name is CP437 by the spec; we only ever write UTF-8, so accept plain ASCII.
  if (!utf8Flag && bytes.some((b) => b > 0x7f)) throw new ZipError('unsafe-name', 'Tên tệp trong gói không theo mã UTF-8.')
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('\uFFFD')) throw new ZipError('unsafe-name', 'Tên tệp trong gói không phải UTF-8 hợp lệ.')
  return text
}

/** Why a name could escape the folder it is extracted to, or collide on Windows; null when it is safe. */
export function unsafeName(name: string): string | null {
  if (name.length === 0 || name.length > 255) return 'tên rỗng hoặc quá dài'
  if (name.includes('\\')) return 'có dấu gạch ngược (\\)'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'là đường dẫn tuyệt đối'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'có ký tự điều khiển'
  const parts = name.split('/')
  if (parts.some((s) => s === '..')) return 'có ".." (thoát ra ngoài thư mục)'
  if (parts.some((s) => s === '' || s === '.')) return 'có đoạn rỗng hoặc "." (hoặc là thư mục)'
  if (parts.some((s) => /[<>:"|?*]/.test(s) || /[. ]$/.test(s))) return 'có ký tự Windows không cho phép'
  return null
}
