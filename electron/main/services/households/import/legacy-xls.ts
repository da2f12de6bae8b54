import { rmSync } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type ExcelJS from 'exceljs'
import { loadExcelJS } from '../../../export/excel/load'
import { ApiError } from '@shared/contract/errors'
import { readInputFile } from '../../../export/input/input-file'
import { INPUT_LIMITS } from '../../../export/input/limits'
import { makePrivate, makeWorkDir } from '../../files/private-temp'
import { XLS_WORKER_SOURCE, type XlsCell, type XlsSheet, type XlsWorkerData, type XlsWorkerReply } from './xls-worker'
import { PASSWORD_MESSAGE } from './zip-guard'

/** Far above a real commune list saved as .xls (a few MB); the parse runs in a worker bounded by these. */
export const XLS_LIMITS = {
  maxFileBytes: INPUT_LIMITS.xls.fileBytes,
  timeLimitMs: 60_000,
  /** The worker's heap; past it only the worker ends. Below about 8 MB V8 cannot start it and aborts the process. */
  maxMemoryMb: 1024,
}
export type XlsLimits = typeof XLS_LIMITS

/** A merge wider than this is not a header or a title; it is skipped rather than expanded cell by cell. */
const MAX_MERGE_CELLS = 100_000
const MAX_ROW = 1_048_575
const MAX_COLUMN = 16_383

// Copies still open when the process ends (the app quits with the import dialog open) are removed
// on the way out; a session or a CLI command removes its own copy when it ends; a copy a killed
// process left is removed by the next start (private-temp.ts: the copy's folder is named by pid).
const live = new Set<string>()
process.once('exit', () => {
  for (const out of live) rmSync(dirname(out), { recursive: true, force: true })
})

const bad = (message: string) => new ApiError('BAD_INPUT', message, ['file'])
const corrupt = (detail: string) => bad(`Tệp Excel (.xls) bị hỏng, không đọc được: ${detail}`)

/**
 * Converts a legacy .xls (checked by zip-guard: OLE2 with a workbook stream, not an encrypted
 * .xlsx) into a temporary .xlsx that the import reads as if the clerk had saved it so: values,
 * dates and merged ranges per sheet. Returns the temporary file's path; `removeConverted` deletes it.
 * The copy holds the list's personal data: it goes to the private folder next to `dbPath` (the
 * database being imported into), never the system temp folder.
 */
export async function convertLegacyXls(path: string, limits: XlsLimits, dbPath: string): Promise<string> {
  const { size } = await stat(path).catch(() => {
    throw bad('Không mở được tệp (tệp không tồn tại hoặc không có quyền đọc).')
  })
  if (size > limits.maxFileBytes) {
    const mb = Math.round(limits.maxFileBytes / 1024 / 1024)
    throw bad(`Tệp .xls lớn hơn ${mb} MB. Hãy mở tệp trong Excel, lưu thành .xlsx (hoặc chia danh sách thành nhiều tệp) rồi nhập lại.`)
  }
  const bytes = await readInputFile(path, { maxBytes: limits.maxFileBytes, what: 'một tệp .xls' })
  const sheets = await parseInWorker(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits)
  const dir = makeWorkDir(dbPath, 'xls')
  const out = join(dir, basename(path).replace(/\.[^.]*$/, '') + '.xlsx')
  live.add(out)
  try {
    await writeXlsx(sheets, out)
    makePrivate(out)
    return out
  } catch (e) {
    // A bad value from the worker is an ApiError already; anything else (a full disk) is not the file's fault.
    await removeConverted(out)
    throw e
  }
}

/** Deletes a converted copy (and its folder); safe to call twice. */
export async function removeConverted(out: string): Promise<void> {
  live.delete(out)
  await rm(dirname(out), { recursive: true, force: true })
}

const sheetjsPath = () => createRequire(import.meta.url).resolve('xlsx')

function parseInWorker(bytes: Uint8Array, limits: XlsLimits): Promise<XlsSheet[]> {
  return new Promise((resolve, reject) => {
    const workerData: XlsWorkerData = { sheetjs: sheetjsPath(), bytes }
    const worker = new Worker(XLS_WORKER_SOURCE, {
      eval: true,
      workerData,
      transferList: [bytes.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
      // Nothing of main's environment is the worker's business.
      env: {},
    })
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // A worker that is done or has failed is ended before the caller goes on; terminate() waits for it.
      void worker.terminate().finally(fn)
    }
    const timer = setTimeout(() => {
      const seconds = Math.max(1, Math.round(limits.timeLimitMs / 1000))
      settle(() =>
        reject(
          bad(
            `Đọc tệp .xls quá ${seconds} giây nên đã dừng (tệp có thể bị hỏng hoặc quá lớn). Hãy mở tệp trong Excel, lưu thành .xlsx rồi nhập lại.`,
          ),
        ),
      )
    }, limits.timeLimitMs)
    worker.once('message', (reply: XlsWorkerReply) =>
      settle(() => {
        if (reply.ok) resolve(reply.sheets)
        else reject(reply.password ? bad(PASSWORD_MESSAGE) : corrupt(String(reply.message)))
      }),
    )
    worker.once('error', (e: Error & { code?: string }) =>
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? bad('Tệp .xls cần quá nhiều bộ nhớ để đọc. Hãy mở tệp trong Excel, lưu thành .xlsx rồi nhập lại.')
            : corrupt(e.message),
        ),
      ),
    )
    worker.once('exit', () => settle(() => reject(corrupt('bộ đọc dừng giữa chừng'))))
  })
}

/** Writes the sheets with ExcelJS's streaming writer, checking every value the worker sent. */
async function writeXlsx(sheets: unknown, out: string): Promise<void> {
  const Excel = await loadExcelJS()
  if (!Array.isArray(sheets) || sheets.length === 0) throw corrupt('không có trang tính')
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: true })
  const names = new Set<string>()
  for (const sheet of sheets as XlsSheet[]) {
    if (typeof sheet?.name !== 'string' || !Array.isArray(sheet.rows) || !Array.isArray(sheet.merges))
      throw corrupt('dữ liệu trang tính sai')
    // Sheet names are unique in Excel; a crafted file may repeat one.
    let name = sheet.name.slice(0, 100) || `Sheet${names.size + 1}`
    while (names.has(name.toLowerCase())) name += '_'
    names.add(name.toLowerCase())
    const ws = wb.addWorksheet(name)
    // Merges first: the streaming writer can only merge rows it has not written out yet.
    for (const m of sheet.merges) {
      if (!Array.isArray(m) || m.length !== 4 || !m.every((n) => Number.isInteger(n))) throw corrupt('vùng gộp ô sai')
      const [r1, c1, r2, c2] = m
      if (r1 < 0 || c1 < 0 || r2 < r1 || c2 < c1 || r2 > MAX_ROW || c2 > MAX_COLUMN) continue
      if ((r2 - r1 + 1) * (c2 - c1 + 1) > MAX_MERGE_CELLS || (r1 === r2 && c1 === c2)) continue
      try {
        ws.mergeCells(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
      } catch {
        // Overlapping merges: Excel would not open such a file either; the first one stands.
      }
    }
    if (sheet.rows.length > MAX_ROW + 1) throw corrupt('quá nhiều dòng')
    for (let r = 0; r < sheet.rows.length; r++) {
      const cells = sheet.rows[r]
      if (!Array.isArray(cells) || cells.length > MAX_COLUMN + 1) throw corrupt(`dòng ${r + 1} sai`)
      const row = ws.getRow(r + 1)
      for (let c = 0; c < cells.length; c++) {
        const v = checkedCell(cells[c], r, c)
        if (v === null) continue
        const cell = row.getCell(c + 1)
        // A value under a merge would be written into the merge's first cell: Excel shows only that one.
        if (cell.type === Excel.ValueType.Merge) continue
        cell.value = v
        if (v instanceof Date) cell.numFmt = v.getTime() % 86_400_000 === 0 ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm'
      }
      row.commit()
    }
    ws.commit()
  }
  await wb.commit()
}

type ErrorCode = ExcelJS.CellErrorValue['error']
const ERROR_CODES: readonly string[] = ['#N/A', '#REF!', '#NAME?', '#DIV/0!', '#NULL!', '#VALUE!', '#NUM!'] satisfies ErrorCode[]

function checkedCell(v: unknown, r: number, c: number): Exclude<XlsCell, { error: string }> | ExcelJS.CellErrorValue | null {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v
  if (typeof v === 'object' && Object.keys(v).length === 1 && typeof (v as { error?: unknown }).error === 'string') {
    const code = (v as { error: string }).error
    return { error: (ERROR_CODES.includes(code) ? code : '#N/A') as ErrorCode }
  }
  throw corrupt(`giá trị ô sai ở dòng ${r + 1}, cột ${c + 1}`)
}
