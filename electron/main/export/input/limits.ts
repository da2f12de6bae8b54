import { basename } from 'node:path'
import { ApiError } from '@shared/contract/errors'

const MB = 1024 * 1024
/** The largest file, entry or offset a plain zip (without the zip64 extension) can describe. */
export const ZIP32_MAX_BYTES = 0xfffffffe

/**
 * Every limit on the files the program reads from others, in one place. Each is counted on actual
 * bytes (the file's real size from fstat; inflated bytes as they come out of zlib), never on what
 * a header declares, and each stands far above the largest real file of its kind:
 * - a commune's household list is a few MB of sheet XML (10,000 rows ≈ 4 MB); the import stops at
 *   300,000 rows anyway (read-sheet.ts);
 * - a package carries one office's register, read and written a piece at a time: 300,000
 *   households with members and three years of assessments make a package of about 150 MB whose
 *   tables inflate to about 1.5 GB (docs/packages.md). The package is a plain zip (no zip64), so
 *   4 GB is its ceiling; the inflated tables are bounded at ten times what the largest register
 *   needs, which keeps a "gzip bomb" from filling the disk the import stages them on;
 * - a plan annex or a unit list is a few hundred rows.
 * A file over a limit is refused with a message that names it and the limit, before anything is
 * written.
 */
export const INPUT_LIMITS = {
  /** Household lists (.xlsx): the file, each part inflated, all parts together, the shared strings ExcelJS keeps in memory. */
  workbook: { fileBytes: 200 * MB, partBytes: 256 * MB, totalBytes: 512 * MB, sharedStringsBytes: 64 * MB, entries: 10_000 },
  /** Legacy .xls (not compressed; SheetJS reads it in a worker bounded in time and memory). */
  xls: { fileBytes: 50 * MB },
  /** Plan annexes and unit lists (.xlsx read whole by ExcelJS, or .csv). */
  smallTable: { fileBytes: 20 * MB, partBytes: 32 * MB, totalBytes: 64 * MB, entries: 1_000 },
  /**
   * Signed packages: the file, each stored entry, every snapshot table inflated, all tables
   * together, one report (read whole to check its PDF signature), one snapshot line (one row).
   */
  package: {
    fileBytes: ZIP32_MAX_BYTES,
    entries: 2_000,
    entryBytes: ZIP32_MAX_BYTES,
    tableBytes: 16 * 1024 * MB,
    tablesBytes: 16 * 1024 * MB,
    reportBytes: 256 * MB,
    lineBytes: 16 * MB,
  },
  /** Backups (.sgnbak): the database is copied out as a stream, so only the file's own size is bounded. */
  backup: { fileBytes: 16 * 1024 * MB },
  /** Certificates (.pem/.cer), key files (.p12/.pfx), receipts. */
  smallFile: { fileBytes: 4 * MB },
} as const

/** "256 MB", "1,5 GB", "900 byte": the unit a clerk reads on a USB stick. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / 1024 / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} GB`
  if (bytes >= MB) return `${(bytes / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('vi-VN')} KB`
  return `${bytes} byte`
}

/** The file as the clerk knows it: its name, not the folder it sits in. */
export const fileLabel = (path: string): string => `"${basename(path)}"`

/**
 * A file refused for its size, or for what it inflates to. An ApiError (BAD_INPUT, path ['file']),
 * so the router and the CLI show the message as it is; `inflatedBytes` says how far inflation went
 * before it stopped (tests check it stays bounded).
 */
export class InputTooLargeError extends ApiError {
  constructor(
    message: string,
    readonly limit: number,
    readonly inflatedBytes = 0,
  ) {
    super('BAD_INPUT', message, ['file'])
  }
}

/** A file too big on disk. */
export function fileTooLarge(path: string, size: number, limit: number, what: string): InputTooLargeError {
  return new InputTooLargeError(
    `Tệp ${fileLabel(path)} lớn ${describeBytes(size)}, vượt giới hạn ${describeBytes(limit)} cho ${what}; không đọc tệp này.`,
    limit,
  )
}

/**
 * A part that inflates past a limit (a "zip bomb", or a list far larger than any real one). `file`
 * names the file as the sentence needs it: `tệp "bom.xlsx"` (fileLabel), or "gói".
 */
export function inflatesTooLarge(file: string, part: string | null, limit: number, inflatedBytes: number): InputTooLargeError {
  const where = part ? `phần "${part}" của ${file}` : file
  // Nothing inflated yet: refused on what the header declares.
  const verb = inflatedBytes === 0 ? 'ghi là sẽ giải nén ra' : 'giải nén ra'
  return new InputTooLargeError(
    `Đã dừng đọc: ${where} ${verb} hơn ${describeBytes(limit)}, vượt giới hạn ${describeBytes(limit)}` +
      `${part ? '' : ' cho cả tệp'}. Tệp bị hỏng hoặc được làm ra để làm treo máy ("bom nén"); nếu là dữ liệu thật, hãy chia thành nhiều tệp nhỏ hơn.`,
    limit,
    inflatedBytes,
  )
}
