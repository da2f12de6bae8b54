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
 * the file is refused, not only a byte of a listed file.
 */
function layoutProblem(zip: Buffer, c: number, h: number, localExtraLen: number): string | null {
  const expected: [number, number, number][] = [
    [c + 4, (3 << 8) | 20, 2], // made by Unix, spec 2.0
    [c + 10, 0, 2], // stored: every byte of the body is the file itself, covered by its hash
    [c + 6, 20, 2],
    [c + 8, 0x0800, 2],
    [c + 30, 0, 2], // extra length
    [c + 32, 0, 2], // comment length
    [c + 34, 0, 2], // disk number
    [c + 36, 0, 2], // internal attributes
    [c + 38, (0o100644 << 16) >>> 0, 4],
    [h + 4, 20, 2],
    [h + 6, 0x0800, 2],
  ]
  for (const [at, value, size] of expected) {
    if ((size === 2 ? zip.readUInt16LE(at) : zip.readUInt32LE(at)) !== value) return 'phần đầu có giá trị lạ'
  }
  if (localExtraLen !== 0) return 'phần đầu có trường phụ lạ'
  // method, time, date, crc, compressed and uncompressed sizes, name length: local == central.
  if (!zip.subarray(h + 8, h + 28).equals(zip.subarray(c + 10, c + 30))) return 'phần đầu cục bộ khác danh mục'
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
 * Reads every entry of a zip held in memory, refusing rather than guessing:
 * - the end record must be where a whole file ends it (a truncated copy has none; bytes after it are refused);
 * - the central directory must be exactly where it says and cover every entry; each local header
 *   must repeat the central name and sit in its own range (overlapping entries are a known bomb trick);
 * - names must be relative, forward-slash, without `.`/`..`, drive letters, control characters or
 *   duplicates (also duplicates up to case, which collide on Windows);
 * - declared sizes are checked against the limits before inflating, and inflating stops at the
 *   declared size, so a lying header cannot make it produce more; the CRC-32 must match.
 */
export function readZip(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Buffer> {
  const eocd = findEnd(zip)
  const count = zip.readUInt16LE(eocd + 10)
  const cdSize = zip.readUInt32LE(eocd + 12)
  const cdOffset = zip.readUInt32LE(eocd + 16)
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0 || zip.readUInt16LE(eocd + 8) !== count) {
    throw new ZipError('unsupported', 'Tệp zip nhiều phần (chia đĩa) không được hỗ trợ.')
  }
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw new ZipError('unsupported', 'Tệp zip64 không được hỗ trợ.')
  if (count > limits.maxEntries) throw new ZipError('too-large', `Gói có ${count} tệp, vượt giới hạn ${limits.maxEntries}.`)
  if (cdOffset + cdSize !== eocd) throw new ZipError('corrupt', 'Danh mục tệp trong zip không nằm đúng chỗ: tệp bị cắt cụt hoặc bị sửa.')

  const entries: { name: string; central: number; method: number; crc: number; csize: number; usize: number; offset: number }[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || zip.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt', 'Danh mục tệp trong zip bị hỏng.')
    const flags = zip.readUInt16LE(p + 8)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    if (p + 46 + nameLen + extraLen + commentLen > eocd) throw new ZipError('corrupt', 'Danh mục tệp trong zip bị hỏng.')
    const name = decodeName(zip.subarray(p + 46, p + 46 + nameLen), (flags & 0x0800) !== 0)
    if (flags & 0x0001) throw new ZipError('unsupported', `Tệp "${name}" trong gói bị mã hóa; gói không được mã hóa.`)
    const entry = {
      name,
      central: p,
      method: zip.readUInt16LE(p + 10),
      crc: zip.readUInt32LE(p + 16),
      csize: zip.readUInt32LE(p + 20),
      usize: zip.readUInt32LE(p + 24),
      offset: zip.readUInt32LE(p + 42),
    }
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError('unsupported', `Tệp "${name}" dùng kiểu nén không hỗ trợ (${entry.method}).`)
    entries.push(entry)
    p += 46 + nameLen + extraLen + commentLen
  }
  if (p !== eocd) throw new ZipError('corrupt', 'Danh mục tệp trong zip có dữ liệu thừa.')

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
  const out = new Map<string, Buffer>()
  for (const e of entries) {
    const h = e.offset
    if (h + 30 > cdOffset || zip.readUInt32LE(h) !== 0x04034b50)
      throw new ZipError('corrupt', `Tệp "${e.name}": phần đầu trong zip bị hỏng.`)
    const nameLen = zip.readUInt16LE(h + 26)
    const extraLen = zip.readUInt16LE(h + 28)
    const localName = decodeName(zip.subarray(h + 30, h + 30 + nameLen), (zip.readUInt16LE(h + 6) & 0x0800) !== 0)
    if (localName !== e.name) throw new ZipError('corrupt', `Tệp "${e.name}" mang tên khác ("${localName}") ở phần đầu: gói bị sửa.`)
    const start = h + 30 + nameLen + extraLen
    const end = start + e.csize
    if (end > cdOffset) throw new ZipError('truncated', `Tệp "${e.name}" bị cắt cụt.`)
    if (limits.strictLayout) {
      const why = layoutProblem(zip, e.central, h, extraLen)
      if (why) throw new ZipError('corrupt', `Tệp "${e.name}": ${why} — gói đã bị sửa sau khi tạo.`)
    }
    ranges.push([h, end, e.name])
    const body = zip.subarray(start, end)
    let data: Buffer
    if (e.method === 0) {
      if (e.csize !== e.usize) throw new ZipError('corrupt', `Tệp "${e.name}": kích thước không khớp.`)
      data = body
    } else {
      try {
        // maxOutputLength stops inflation at the declared size (+1 to notice a lie), whatever the stream says.
        data = inflateRawSync(body, { maxOutputLength: Math.max(1, e.usize + 1) })
      } catch (err) {
        if (err instanceof RangeError)
          throw new ZipError('too-large', `Tệp "${e.name}" giải nén ra nhiều hơn kích thước khai báo (có thể là "bom zip").`)
        throw new ZipError('corrupt', `Tệp "${e.name}" không giải nén được (dữ liệu nén bị hỏng).`)
      }
      if (data.length !== e.usize)
        throw new ZipError('corrupt', `Tệp "${e.name}" giải nén ra ${data.length} byte, khác ${e.usize} byte khai báo.`)
    }
    if (crc32(data) >>> 0 !== e.crc >>> 0)
      throw new ZipError('corrupt', `Tệp "${e.name}" sai mã kiểm tra CRC: dữ liệu bị hỏng hoặc bị sửa.`)
    out.set(e.name, data)
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
    if (zip.readUInt16LE(eocd + 20) !== 0) throw new ZipError('corrupt', 'Tệp zip có chú thích lạ ở cuối: gói đã bị sửa.')
  }
  return out
}

function findEnd(zip: Buffer): number {
  if (zip.length < 22) throw new ZipError('truncated', 'Tệp quá ngắn: không phải gói zip hoặc bị cắt cụt.')
  // The end record is 22 bytes plus a comment of up to 65,535; search backwards from the end.
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 0xffff); p--) {
    if (zip.readUInt32LE(p) === 0x06054b50 && p + 22 + zip.readUInt16LE(p + 20) === zip.length) return p
  }
  if (zip.readUInt32LE(0) === 0x04034b50) throw new ZipError('truncated', 'Gói zip bị cắt cụt (thiếu phần cuối): có thể chép chưa xong.')
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
