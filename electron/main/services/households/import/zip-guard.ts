import { open, type FileHandle } from 'node:fs/promises'
import { inflateRawSync } from 'node:zlib'
import { ApiError } from '@shared/contract/errors'
import { openInputFile } from '../../../export/input/input-file'
import { INPUT_LIMITS } from '../../../export/input/limits'
import { readCentralDirectory, scanZipParts, type ZipEntry, type ZipScanLimits } from '../../../export/input/zip-scan'
import { ole2EntryNames, Ole2Error } from './ole2'

export type { ZipEntry }

const W = INPUT_LIMITS.workbook
/** A household list's limits (export/input/limits.ts); ExcelJS keeps the shared strings in memory, so they get less. */
export const WORKBOOK_SCAN_LIMITS: ZipScanLimits = {
  partBytes: W.partBytes,
  totalBytes: W.totalBytes,
  entries: W.entries,
  partBytesFor: (name) => (name === 'xl/sharedStrings.xml' ? W.sharedStringsBytes : W.partBytes),
}

const bad = (message: string) => new ApiError('BAD_INPUT', message, ['file'])

/** Shared with the .xls reader, which meets the same cases inside the workbook stream. */
export const PASSWORD_MESSAGE = 'Tệp Excel được đặt mật khẩu. Hãy mở tệp trong Excel, bỏ mật khẩu, lưu lại rồi nhập lại.'
export const NOT_EXCEL_MESSAGE = 'Tệp không phải là bảng tính Excel (.xlsx hoặc .xls).'

/** An .xlsx with its zip entries, or a legacy .xls that has to be converted before the import reads it. */
export type InspectedWorkbook = { format: 'xlsx'; entries: ZipEntry[] } | { format: 'xls' }

/**
 * Checks that a file is a workbook worth opening, before any parser sees it: a regular file within
 * the size limit (not /dev/zero or a FIFO); the magic bytes (a text file gets its own message); for
 * a zip, its declared sizes, then every part inflated once with its bytes counted, stopping at the
 * first part that gives more than it declares or than the limits (zip-scan.ts), so the parsers
 * that read it next meet only parts of a known, bounded size; for an OLE2 container, its directory
 * (an .xlsx encrypted with a password is refused here, so SheetJS only ever sees .xls workbooks).
 */
export async function inspectWorkbookFile(path: string, limits: ZipScanLimits = WORKBOOK_SCAN_LIMITS): Promise<InspectedWorkbook> {
  const { fh, size } = await openInputFile(path, { maxBytes: W.fileBytes, what: 'một danh sách Excel (hãy chia thành nhiều tệp)' })
  try {
    if (size === 0) throw bad('Tệp rỗng, không phải bảng tính.')
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
    const target = { path, kind: 'Excel' }
    const { entries, cdOffset } = await readCentralDirectory(fh, size, target, limits)
    if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw bad('Tệp nén không phải là sổ làm việc Excel (thiếu xl/workbook.xml).')
    await scanZipParts(fh, target, entries, cdOffset, limits)
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
