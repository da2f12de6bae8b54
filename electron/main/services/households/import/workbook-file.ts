import { ApiError } from '@shared/contract/errors'
import { convertLegacyXls, removeConverted, XLS_LIMITS, type XlsLimits } from './legacy-xls'
import { inspectWorkbookFile, type ZipEntry } from './zip-guard'

/** What the import reads: the clerk's .xlsx itself, or a temporary .xlsx converted from their .xls. */
export interface OpenedWorkbook {
  /** The .xlsx to read (the error report copies it too). */
  path: string
  /** True when `path` is a converted copy, which `close` removes. */
  converted: boolean
  close(): Promise<void>
}

/**
 * Opens a picked file for the import. A legacy .xls (any OLE2 workbook that is not an encrypted
 * .xlsx) is converted once into a temporary .xlsx, so header detection, preview, import and the
 * error report all run the .xlsx code unchanged.
 */
export async function openWorkbook(path: string, limits: XlsLimits, dbPath: string): Promise<OpenedWorkbook> {
  if (!/\.(xlsx|xlsm|xls)$/i.test(path)) throw new ApiError('BAD_INPUT', 'Chỉ nhận tệp Excel (.xlsx hoặc .xls).', ['file'])
  const inspected = await inspectWorkbookFile(path)
  if (inspected.format === 'xlsx') return { path, converted: false, close: async () => {} }
  const copy = await convertLegacyXls(path, limits, dbPath)
  return { path: copy, converted: true, close: () => removeConverted(copy) }
}

/** The zip entries of the .xlsx to read, checked again on each use: the clerk may have saved the file since it was opened. */
export async function workbookEntries(workbook: OpenedWorkbook): Promise<ZipEntry[]> {
  const inspected = await inspectWorkbookFile(workbook.path)
  if (inspected.format !== 'xlsx') throw new ApiError('BAD_INPUT', 'Tệp đã bị thay bằng một tệp khác; hãy chọn lại tệp.', ['file'])
  return inspected.entries
}

/**
 * Runs `use` on the opened file and closes it afterwards, whatever happens (the CLI, tests). A
 * converted copy goes to the private folder next to `dbPath` (convertLegacyXls).
 */
export async function withWorkbook<T>(path: string, use: (workbook: OpenedWorkbook) => Promise<T>, dbPath: string): Promise<T> {
  const workbook = await openWorkbook(path, XLS_LIMITS, dbPath)
  try {
    return await use(workbook)
  } finally {
    await workbook.close()
  }
}
