import { open, type FileHandle } from 'node:fs/promises'
import { inflateRawSync } from 'node:zlib'
import { ApiError } from '@shared/contract/errors'
import { ole2EntryNames, Ole2Error } from './ole2'

/** Limits a real commune or province list stays far below; a zip bomb does not. */
export const LIMITS = {
  maxFileBytes: 200 * 1024 * 1024,
  /** Sum of the declared uncompressed sizes of every entry. */
  maxUncompressedBytes: 1536 * 1024 * 1024,
  /** Spreadsheet XML compresses well (10–30×); far beyond that, the entry is built to explode. */
  maxRatio: 400,
  maxEntries: 10_000,
}

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

const bad = (message: string) => new ApiError('BAD_INPUT', message, ['file'])

/** Shared with the .xls reader, which meets the same cases inside the workbook stream. */
export const PASSWORD_MESSAGE = 'Tệp Excel được đặt mật khẩu. Hãy mở tệp trong Excel, bỏ mật khẩu, lưu lại rồi nhập lại.'
export const NOT_EXCEL_MESSAGE = 'Tệp không phải là bảng tính Excel (.xlsx hoặc .xls).'

/** An .xlsx with its zip entries, or a legacy .xls that has to be converted before the import reads it. */
export type InspectedWorkbook = { format: 'xlsx'; entries: ZipEntry[] } | { format: 'xls' }

/**
 * Checks that a file is a workbook worth opening, before any parser sees it: the magic bytes (a
 * text file gets its own message); for a zip, its declared sizes (a zip bomb is refused without
 * inflating anything); for an OLE2 container, its directory (an .xlsx encrypted with a password
 * is refused here, so SheetJS only ever sees .xls workbooks).
 */
export async function inspectWorkbookFile(path: string): Promise<InspectedWorkbook> {
  const fh = await open(path, 'r').catch(() => {
    throw bad('Không mở được tệp (tệp không tồn tại hoặc không có quyền đọc).')
  })
  try {
    const { size } = await fh.stat()
    if (size === 0) throw bad('Tệp rỗng, không phải bảng tính.')
    if (size > LIMITS.maxFileBytes) throw bad('Tệp lớn hơn 200 MB; hãy chia danh sách thành nhiều tệp.')
    const head = Buffer.alloc(8)
    await fh.read(head, 0, 8, 0)
    if (head.readUInt32BE(0) === 0xd0cf11e0) {
      await checkOle2Workbook(fh, size)
      return { format: 'xls' }
    }
    if (head.readUInt32LE(0) !== 0x04034b50) {
      if (/\.xls$/i.test(path) && (await isMarkupWorkbook(fh))) return { format: 'xls' }
      throw bad(NOT_EXCEL_MESSAGE)
    }
    const entries = await readCentralDirectory(fh, size)
    if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw bad('Tệp nén không phải là sổ làm việc Excel (thiếu xl/workbook.xml).')
    let total = 0
    for (const e of entries) {
      total += e.uncompressedSize
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize)
      if (e.uncompressedSize > 50 * 1024 * 1024 && ratio > LIMITS.maxRatio) {
        throw bad(`Tệp có phần nén bất thường (${e.name} bung ra gấp ${Math.round(ratio)} lần); không mở để bảo vệ máy.`)
      }
    }
    if (total > LIMITS.maxUncompressedBytes) throw bad('Tệp khi giải nén lớn hơn 1,5 GB; hãy chia danh sách thành nhiều tệp.')
    return { format: 'xlsx', entries }
  } finally {
    await fh.close()
  }
}

/**
 * Government web systems often "export to Excel" as an HTML table or an Excel 2003 XML workbook
 * saved with an .xls name; Excel opens both, so clerks have them. SheetJS reads them too (in the
 * same contained worker as a real .xls), so they are recognised here by their opening markup.
 */
async function isMarkupWorkbook(fh: FileHandle): Promise<boolean> {
  const b = Buffer.alloc(64 * 1024)
  const { bytesRead } = await fh.read(b, 0, b.length, 0)
  const text = b
    .subarray(0, bytesRead)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
  if (!/^\s*</.test(text)) return false
  return text.includes('<table') || text.includes('urn:schemas-microsoft-com:office:spreadsheet')
}

/** An OLE2 file is a legacy .xls when it has a workbook stream; Excel wraps a password-protected .xlsx in OLE2 too. */
async function checkOle2Workbook(fh: FileHandle, size: number): Promise<void> {
  const names = await ole2EntryNames(async (position, length) => {
    const b = Buffer.alloc(length)
    const { bytesRead } = await fh.read(b, 0, length, position)
    return b.subarray(0, bytesRead)
  }, size).catch((e: unknown) => {
    if (e instanceof Ole2Error) throw bad('Tệp Excel (.xls) bị hỏng (không đọc được mục lục của tệp).')
    throw e
  })
  if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo')) throw bad(PASSWORD_MESSAGE)
  // "Workbook" from Excel 97 on (BIFF8), "Book" from Excel 5/95.
  if (!names.includes('Workbook') && !names.includes('Book')) {
    throw bad('Tệp không phải là bảng tính Excel (có thể là tệp Word hoặc tệp Office khác được đổi tên).')
  }
}

async function readCentralDirectory(fh: FileHandle, size: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(size, 65_557)
  const tail = Buffer.alloc(tailLength)
  await fh.read(tail, 0, tailLength, size - tailLength)
  let eocd = -1
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw bad('Tệp Excel bị hỏng (không đọc được mục lục tệp nén).')
  const count = tail.readUInt16LE(eocd + 10)
  const cdSize = tail.readUInt32LE(eocd + 12)
  const cdOffset = tail.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad('Tệp quá lớn hoặc dùng định dạng nén ZIP64, không được hỗ trợ.')
  if (count > LIMITS.maxEntries) throw bad('Tệp có quá nhiều phần nén; không phải bảng tính thông thường.')
  if (cdOffset + cdSize > size) throw bad('Tệp Excel bị hỏng hoặc bị cắt cụt.')
  const cd = Buffer.alloc(cdSize)
  await fh.read(cd, 0, cdSize, cdOffset)
  const entries: ZipEntry[] = []
  let p = 0
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw bad('Tệp Excel bị hỏng (mục lục tệp nén sai).')
    const nameLength = cd.readUInt16LE(p + 28)
    const extra = cd.readUInt16LE(p + 30)
    const comment = cd.readUInt16LE(p + 32)
    const compressedSize = cd.readUInt32LE(p + 20)
    const uncompressedSize = cd.readUInt32LE(p + 24)
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw bad('Tệp dùng định dạng nén ZIP64, không được hỗ trợ.')
    entries.push({
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      compressedSize,
      uncompressedSize,
      localHeaderOffset: cd.readUInt32LE(p + 42),
    })
    p += 46 + nameLength + extra + comment
  }
  return entries
}

/** Reads one small entry (e.g. xl/workbook.xml) with an output cap, whatever its header claims. */
export async function readSmallEntry(path: string, entry: ZipEntry, maxBytes = 8 * 1024 * 1024): Promise<string> {
  if (entry.uncompressedSize > maxBytes) throw bad(`Phần ${entry.name} của tệp lớn bất thường.`)
  const fh = await open(path, 'r')
  try {
    const local = Buffer.alloc(30)
    await fh.read(local, 0, 30, entry.localHeaderOffset)
    if (local.readUInt32LE(0) !== 0x04034b50) throw bad('Tệp Excel bị hỏng.')
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
    const data = Buffer.alloc(entry.compressedSize)
    await fh.read(data, 0, entry.compressedSize, start)
    if (entry.method === 0) return data.toString('utf8')
    try {
      return inflateRawSync(data, { maxOutputLength: maxBytes }).toString('utf8')
    } catch {
      throw bad('Tệp Excel bị hỏng (không giải nén được).')
    }
  } finally {
    await fh.close()
  }
}

/** Sheet names in workbook order, read from xl/workbook.xml without opening the sheets. */
export async function sheetNames(path: string, entries: ZipEntry[]): Promise<string[]> {
  const wb = entries.find((e) => e.name === 'xl/workbook.xml')!
  const xml = await readSmallEntry(path, wb)
  return [...xml.matchAll(/<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"/g)].map((m) =>
    m[1]!.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!),
  )
}
