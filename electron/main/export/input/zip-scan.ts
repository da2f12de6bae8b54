import type { FileHandle } from 'node:fs/promises'
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw, crc32 } from 'node:zlib'
import { ApiError } from '@shared/contract/errors'
import { describeBytes, fileLabel, inflatesTooLarge, InputTooLargeError } from './limits'

export interface ZipEntry {
  name: string
  method: number
  flags: number
  crc: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

export interface ZipScanLimits {
  /** Most bytes one part may inflate to; `partBytesFor` may lower it for a named part. */
  partBytes: number
  totalBytes: number
  entries: number
  partBytesFor?: (name: string) => number
}

/** How the messages name the file: "Excel" for a workbook. */
export interface ZipScanTarget {
  path: string
  kind: string
}

const corrupt = (t: ZipScanTarget, detail: string) =>
  new ApiError('BAD_INPUT', `Tệp ${t.kind} ${fileLabel(t.path)} bị hỏng (${detail}).`, ['file'])

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const DESCRIPTOR = 0x08074b50

/** The central directory of a zip held in `fh`, checked against the limits by what it declares. */
export async function readCentralDirectory(
  fh: FileHandle,
  size: number,
  t: ZipScanTarget,
  limits: ZipScanLimits,
): Promise<{ entries: ZipEntry[]; cdOffset: number }> {
  const tailLength = Math.min(size, 65_557)
  const tail = Buffer.alloc(tailLength)
  await fh.read(tail, 0, tailLength, size - tailLength)
  let eocd = -1
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw corrupt(t, 'không đọc được mục lục tệp nén')
  const count = tail.readUInt16LE(eocd + 10)
  const cdSize = tail.readUInt32LE(eocd + 12)
  const cdOffset = tail.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff)
    throw new ApiError('BAD_INPUT', `Tệp ${fileLabel(t.path)} quá lớn hoặc dùng định dạng nén ZIP64, không được hỗ trợ.`, ['file'])
  if (count > limits.entries)
    throw new ApiError('BAD_INPUT', `Tệp ${fileLabel(t.path)} có ${count} phần nén, vượt giới hạn ${limits.entries}.`, ['file'])
  if (cdOffset + cdSize > size) throw corrupt(t, 'bị cắt cụt')
  const cd = Buffer.alloc(cdSize)
  await fh.read(cd, 0, cdSize, cdOffset)
  const entries: ZipEntry[] = []
  let p = 0
  let declaredTotal = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw corrupt(t, 'mục lục tệp nén sai')
    const nameLength = cd.readUInt16LE(p + 28)
    const extra = cd.readUInt16LE(p + 30)
    const comment = cd.readUInt16LE(p + 32)
    const e: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    }
    if (e.compressedSize === 0xffffffff || e.uncompressedSize === 0xffffffff || e.localHeaderOffset === 0xffffffff)
      throw new ApiError('BAD_INPUT', `Tệp ${fileLabel(t.path)} dùng định dạng nén ZIP64, không được hỗ trợ.`, ['file'])
    // What a header declares is only a first, cheap refusal; scanZipParts counts what really comes out.
    const partLimit = limitFor(limits, e.name)
    if (e.uncompressedSize > partLimit) throw inflatesTooLarge(`tệp ${fileLabel(t.path)}`, e.name, partLimit, 0)
    declaredTotal += e.uncompressedSize
    if (declaredTotal > limits.totalBytes) throw inflatesTooLarge(`tệp ${fileLabel(t.path)}`, null, limits.totalBytes, 0)
    entries.push(e)
    p += 46 + nameLength + extra + comment
  }
  return { entries, cdOffset }
}

const limitFor = (limits: ZipScanLimits, name: string) => Math.min(limits.partBytes, limits.partBytesFor?.(name) ?? Infinity)

/**
 * Reads the archive from its first byte the way a streaming reader does (ExcelJS's unzipper walks
 * the local headers one after another, trusting each header's sizes) and inflates every part,
 * counting the bytes as they come out. Inflation stops at once when a part gives more than it
 * declared or than its limit, or the parts together more than the total: a 1 MB file that would
 * inflate to gigabytes costs at most its declared size plus one chunk.
 *
 * The walk must meet exactly the central directory's entries, back to back from byte 0 to the
 * directory, each local header repeating its central name, method and size. Then the streaming
 * reader (local headers) and the whole-file reader (JSZip, central directory) see the same parts
 * this scan counted, and no part hides inside another's bytes.
 */
export async function scanZipParts(
  fh: FileHandle,
  t: ZipScanTarget,
  entries: readonly ZipEntry[],
  cdOffset: number,
  limits: ZipScanLimits,
): Promise<void> {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
  let at = 0
  let total = 0
  for (const e of sorted) {
    if (e.localHeaderOffset !== at) throw corrupt(t, `có dữ liệu lạ trước phần "${e.name}"`)
    const local = Buffer.alloc(30)
    if ((await fh.read(local, 0, 30, at)).bytesRead < 30 || local.readUInt32LE(0) !== LOCAL)
      throw corrupt(t, `phần đầu của "${e.name}" sai`)
    const flags = local.readUInt16LE(6)
    const method = local.readUInt16LE(8)
    const localCompressed = local.readUInt32LE(18)
    const nameLength = local.readUInt16LE(26)
    const name = Buffer.alloc(nameLength)
    await fh.read(name, 0, nameLength, at + 30)
    if (name.toString('utf8') !== e.name) throw corrupt(t, `phần "${e.name}" mang tên khác ở phần đầu`)
    if (flags & 0x0001 || e.flags & 0x0001)
      throw new ApiError('BAD_INPUT', `Tệp ${fileLabel(t.path)} có phần bị mã hóa; hãy bỏ mật khẩu rồi lưu lại.`, ['file'])
    if (method !== e.method || (method !== 0 && method !== 8)) throw corrupt(t, `phần "${e.name}" dùng kiểu nén không hỗ trợ`)
    const start = at + 30 + nameLength + local.readUInt16LE(28)
    const end = start + e.compressedSize
    if (end > cdOffset) throw corrupt(t, `phần "${e.name}" bị cắt cụt`)
    // A streaming reader takes the size from the local header, or (bit 3 with no size there) reads
    // to the first data-descriptor signature: either way it must stop exactly where this scan does.
    const sizeInLocalHeader = !(flags & 0x0008) || localCompressed > 0
    if (sizeInLocalHeader && localCompressed !== e.compressedSize) throw corrupt(t, `phần "${e.name}" khai hai kích thước khác nhau`)
    total = await inflateCounted(fh, t, e, start, end, !sizeInLocalHeader, total, limits)
    at = end
    if (flags & 0x0008) {
      const d = Buffer.alloc(4)
      await fh.read(d, 0, 4, end)
      at += d.readUInt32LE(0) === DESCRIPTOR ? 16 : 12
      if (!sizeInLocalHeader && d.readUInt32LE(0) !== DESCRIPTOR) throw corrupt(t, `phần "${e.name}" thiếu phần cuối`)
    }
  }
  if (at !== cdOffset) throw corrupt(t, 'có dữ liệu lạ trước mục lục tệp nén')
}

async function inflateCounted(
  fh: FileHandle,
  t: ZipScanTarget,
  e: ZipEntry,
  start: number,
  end: number,
  endsAtDescriptor: boolean,
  totalBefore: number,
  limits: ZipScanLimits,
): Promise<number> {
  let count = 0
  let crc = 0
  const partLimit = limitFor(limits, e.name)
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      count += chunk.length
      crc = crc32(chunk, crc)
      if (totalBefore + count > limits.totalBytes) return done(inflatesTooLarge(`tệp ${fileLabel(t.path)}`, null, limits.totalBytes, count))
      if (count > partLimit) return done(inflatesTooLarge(`tệp ${fileLabel(t.path)}`, e.name, partLimit, count))
      if (count > e.uncompressedSize) return done(inflatesPastDeclared(t.path, e.name, e.uncompressedSize, count))
      done()
    },
  })
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [
    // Read with fh.read rather than fh.createReadStream: each of those streams leaves a 'close'
    // listener on the handle, and a workbook of a dozen parts made Node print a MaxListeners warning.
    Readable.from(readRange(fh, start, end)),
  ]
  if (endsAtDescriptor) stages.push(refuseSignatureInside(t, e.name))
  if (e.method === 8) stages.push(createInflateRaw({ chunkSize: 128 * 1024 }))
  stages.push(counter)
  try {
    await pipeline(stages)
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw corrupt(t, `phần "${e.name}" không giải nén được`)
  }
  if (count !== e.uncompressedSize)
    throw corrupt(t, `phần "${e.name}" giải nén ra ${count} byte, khác ${e.uncompressedSize} byte ghi trong tệp`)
  if (crc >>> 0 !== e.crc >>> 0) throw corrupt(t, `phần "${e.name}" sai mã kiểm tra CRC`)
  return totalBefore + count
}

async function* readRange(fh: FileHandle, start: number, end: number): AsyncGenerator<Buffer> {
  for (let at = start; at < end;) {
    const buffer = Buffer.allocUnsafe(Math.min(256 * 1024, end - at))
    const { bytesRead } = await fh.read(buffer, 0, buffer.length, at)
    if (bytesRead === 0) return
    at += bytesRead
    yield buffer.subarray(0, bytesRead)
  }
}

/** A part that ends at a data descriptor must not hold the descriptor's signature inside it: a streaming reader would stop there. */
function refuseSignatureInside(t: ZipScanTarget, name: string): Transform {
  const signature = Buffer.from([0x50, 0x4b, 0x07, 0x08])
  let carry = Buffer.alloc(0)
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const seam = Buffer.concat([carry, chunk.subarray(0, 3)])
      if (seam.includes(signature) || chunk.includes(signature)) return done(corrupt(t, `phần "${name}" chứa dấu kết thúc ở giữa`))
      carry = Buffer.from((chunk.length >= 3 ? chunk : Buffer.concat([carry, chunk])).subarray(-3))
      done(null, chunk)
    },
  })
}

/** A header that declares less than the part inflates to: the classic zip bomb. */
export function inflatesPastDeclared(path: string, part: string, declared: number, inflatedBytes: number): InputTooLargeError {
  return new InputTooLargeError(
    `Đã dừng đọc: phần "${part}" của tệp ${fileLabel(path)} giải nén ra nhiều hơn ${describeBytes(declared)} ghi trong tệp ` +
      '(tệp bị hỏng hoặc được làm ra để làm treo máy — "bom nén"); không đọc tệp này.',
    declared,
    inflatedBytes,
  )
}
