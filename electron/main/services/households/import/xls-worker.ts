/** A cell as the worker hands it over: a Date is copied by structured clone into a plain Date of main's. */
export type XlsCell = string | number | boolean | Date | null | { error: string }

export interface XlsSheet {
  name: string
  /** Row by row from row 1, each cell from column A; empty cells are null and empty rows []. */
  rows: XlsCell[][]
  /** Merged ranges, 0-based: [firstRow, firstColumn, lastRow, lastColumn]. */
  merges: [number, number, number, number][]
}

export type XlsWorkerReply = { ok: true; sheets: XlsSheet[] } | { ok: false; password: boolean; message: string }

export interface XlsWorkerData {
  /** Absolute path of SheetJS's CommonJS build, resolved by main (the worker has no module context). */
  sheetjs: string
  bytes: Uint8Array
}

/**
 * The worker that reads a legacy .xls with SheetJS (community 0.18.5, which has unfixed advisories
 * on crafted files: toolchain.md). It is source text started with `eval: true`, so the same code
 * runs from the TypeScript sources (tests) and from the bundled out/main (app and CLI) with no
 * worker file to find next to the bundle.
 *
 * It answers once with plain data (strings, numbers, booleans, Dates, arrays), copied by
 * structured clone: no SheetJS object, prototype or getter reaches main, which checks every value
 * again. The prototypes are frozen before SheetJS loads, so a crafted file cannot pollute them
 * (CVE-2023-30533) even inside the worker; a ReDoS (CVE-2024-22363) or a runaway parse is ended
 * by main's time limit, a memory blow-up by the worker's resource limits.
 */
export const XLS_WORKER_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
for (const p of [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype]) Object.freeze(p)
// SheetJS logs odd records to the console; the clerk hears about a bad file through the import's message.
for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = () => {}

const MAX_ROW = 1048575
const MAX_COLUMN = 16383
const ERRORS = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A', 43: '#GETTING_DATA' }
const DAY = 86400000

// SheetJS builds a date from its serial in local time (and ignores the 1904 date system there);
// ExcelJS writes a Date as UTC. Carry the wall-clock reading over so the day does not shift.
function utcDate(d, date1904) {
  const t = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds())
  return new Date(date1904 ? t + 1462 * DAY : t)
}

function plain(cell, date1904) {
  if (cell === null || typeof cell !== 'object') return null
  const v = cell.v
  switch (cell.t) {
    case 's': return typeof v === 'string' ? v : v === undefined || v === null ? null : String(v)
    case 'n': return typeof v === 'number' && Number.isFinite(v) ? v : null
    case 'b': return v === true
    case 'd': return v instanceof Date && !Number.isNaN(v.getTime()) ? utcDate(v, date1904) : null
    case 'e': return { error: ERRORS[v] || '#N/A' }
    default: return null
  }
}

try {
  const XLSX = require(workerData.sheetjs)
  const wb = XLSX.read(workerData.bytes, {
    type: 'buffer', cellDates: true, cellText: false, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false,
  })
  const date1904 = Boolean(wb.Workbook && wb.Workbook.WBProps && wb.Workbook.WBProps.date1904)
  const sheets = []
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name] || {}
    const sparse = []
    for (const key of Object.keys(ws)) {
      if (!/^[A-Z]{1,3}[0-9]{1,7}$/.test(key)) continue
      const at = XLSX.utils.decode_cell(key)
      if (!(at.r >= 0 && at.r <= MAX_ROW && at.c >= 0 && at.c <= MAX_COLUMN)) continue
      const value = plain(ws[key], date1904)
      if (value === null) continue
      if (!sparse[at.r]) sparse[at.r] = []
      sparse[at.r][at.c] = value
    }
    const rows = Array.from(sparse, (r) => (r ? Array.from(r, (c) => (c === undefined ? null : c)) : []))
    const merges = []
    for (const m of ws['!merges'] || []) if (m && m.s && m.e) merges.push([m.s.r, m.s.c, m.e.r, m.e.c])
    sheets.push({ name: String(name), rows, merges })
  }
  parentPort.postMessage({ ok: true, sheets })
} catch (e) {
  const message = String((e && e.message) || e).slice(0, 300)
  parentPort.postMessage({ ok: false, password: /password/i.test(message), message })
}
`
