import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Store } from '../../store/open'
import { keyColumn, snapshotSpec, type Cell, type SnapshotSpec } from './snapshot-tables'

export { SNAPSHOT_TABLES, type Cell } from './snapshot-tables'

export const SNAPSHOT_FORMAT_VERSION = 1

/** One table of a snapshot, parsed: its header and its rows as arrays in `columns` order. */
export interface SnapshotTable {
  table: string
  schemaVersion: number
  columns: string[]
  rows: Cell[][]
  /** A short hash of each row's line, to tell changed rows from unchanged ones. */
  rowHashes: string[]
}

/** Gzipped JSON lines: the gzip bytes are what the manifest hashes, so compression costs no coverage. */
export const snapshotFileName = (table: string) => `du-lieu/${table}.jsonl.gz`

/**
 * Dumps one table as JSON lines: a header line, then one JSON array per row, ordered by id (by every
 * column for tables without one), so the same data always gives the same bytes (and the same hash).
 * SQL text comes from Kysely; the rows are read through better-sqlite3's raw mode, which avoids
 * building an object per row.
 */
export function dumpTable(store: Store, table: string): { bytes: Buffer; rows: number } {
  const spec = snapshotSpec(table)
  if (!spec) throw new Error(`Bảng ${table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const columns = snapshotColumns(store, spec)
  const order = spec.keyless ? columns : ['id']
  const query =
    sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.join(order.map((c) => sql.ref(c)))}`.compile(
      store.db as unknown as Kysely<unknown>,
    )
  const lines = [JSON.stringify({ table, snapshotVersion: SNAPSHOT_FORMAT_VERSION, schemaVersion: store.schemaVersion, columns })]
  let rows = 0
  for (const row of store.sqlite
    .prepare(query.sql)
    .raw()
    .iterate(...query.parameters)) {
    lines.push(JSON.stringify(row))
    rows++
  }
  return { bytes: Buffer.from(`${lines.join('\n')}\n`, 'utf8'), rows }
}

export function tableColumns(store: Store, table: string): string[] {
  return (store.sqlite.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map((c) => c.name)
}

/** The columns a snapshot of this table carries: the table's, less those the receiver derives itself. */
export function snapshotColumns(store: Store, spec: SnapshotSpec): string[] {
  const local = new Set([...(spec.omit ?? []), ...(spec.derive?.columns ?? [])])
  return tableColumns(store, spec.table).filter((c) => !local.has(c))
}

/** Why a snapshot file was refused, in plain words. */
export class SnapshotError extends Error {}

/**
 * The lines of a JSON-lines file one at a time (a last newline ends the last line). Never the whole
 * text as one string split into an array: a table of short lines (a signed file of newlines) would
 * make an array longer than V8 can hold, which ends the process instead of refusing the file.
 */
function* jsonLines(bytes: Buffer): Generator<string> {
  let at = 0
  while (at < bytes.length) {
    const end = bytes.indexOf(10, at)
    const stop = end < 0 ? bytes.length : end
    yield bytes.toString('utf8', at, stop)
    at = stop + 1
  }
}

/** Parses and checks one snapshot file against the receiving database's schema. */
export function parseSnapshotTable(
  bytes: Buffer,
  expected: { table: string; schemaVersion: number; columns: readonly string[] },
): SnapshotTable {
  const spec = snapshotSpec(expected.table)
  if (!spec) throw new SnapshotError(`Bảng ${expected.table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const key = keyColumn(spec)
  const lines = jsonLines(bytes)
  const first = lines.next()
  const where = `Tệp dữ liệu ${expected.table}`
  let header: { table?: unknown; snapshotVersion?: unknown; schemaVersion?: unknown; columns?: unknown }
  try {
    header = JSON.parse(first.done ? '' : first.value) as typeof header
  } catch {
    throw new SnapshotError(`${where}: dòng đầu không đọc được.`)
  }
  if (header.table !== expected.table) throw new SnapshotError(`${where}: dòng đầu ghi bảng khác (${String(header.table)}).`)
  if (header.snapshotVersion !== SNAPSHOT_FORMAT_VERSION) throw new SnapshotError(`${where}: định dạng ảnh chụp không được hỗ trợ.`)
  if (header.schemaVersion !== expected.schemaVersion) throw new SnapshotError(`${where}: phiên bản lược đồ khác với manifest.`)
  const columns = header.columns
  if (!Array.isArray(columns) || !columns.every((c): c is string => typeof c === 'string') || !columns.includes(key)) {
    throw new SnapshotError(`${where}: danh sách cột không hợp lệ.`)
  }
  const unknown = columns.filter((c) => !expected.columns.includes(c))
  if (unknown.length) throw new SnapshotError(`${where}: có cột không có trong cơ sở dữ liệu này (${unknown.join(', ')}).`)
  if (new Set(columns).size !== columns.length) throw new SnapshotError(`${where}: có cột bị lặp.`)
  const idAt = columns.indexOf(key)
  const rows: Cell[][] = []
  const rowHashes: string[] = []
  const ids = new Set<string>()
  let i = 0
  for (const line of lines) {
    i++
    let row: unknown
    try {
      row = JSON.parse(line)
    } catch {
      throw new SnapshotError(`${where}, dòng ${i + 1}: không đọc được.`)
    }
    if (
      !Array.isArray(row) ||
      row.length !== columns.length ||
      !row.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      throw new SnapshotError(`${where}, dòng ${i + 1}: không đúng số cột hoặc kiểu giá trị.`)
    }
    const id = row[idAt]
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new SnapshotError(`${where}, dòng ${i + 1}: mã định danh (${key}) không phải UUID.`)
    }
    const hash = createHash('sha256').update(line).digest('base64').slice(0, 22)
    // A row without an id is known by its content (its line): the same line twice is a duplicate.
    const identity = spec.keyless ? hash : id
    if (ids.has(identity))
      throw new SnapshotError(`${where}, dòng ${i + 1}: ${spec.keyless ? 'dòng bị lặp' : `mã định danh ${id} bị lặp`}.`)
    ids.add(identity)
    rows.push(row as Cell[])
    rowHashes.push(hash)
  }
  return { table: expected.table, schemaVersion: expected.schemaVersion, columns, rows, rowHashes }
}
