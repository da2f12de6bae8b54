import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Store } from '../../store/open'

/**
 * The tables a package carries, in the order they are applied (parents before children). Each row
 * is keyed by its UUID `id`, so packages from many offices merge without collisions. `merge: false`
 * travels for information only (the sender's own profile is never merged into the receiver's).
 * Add the households/members/assessments/review/task tables here when they land.
 */
export const SNAPSHOT_TABLES: readonly { table: string; merge: boolean }[] = [
  { table: 'office', merge: false },
  { table: 'admin_units', merge: true },
  { table: 'households', merge: true },
]

export const SNAPSHOT_FORMAT_VERSION = 1

export type Cell = string | number | null

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
 * Dumps one table as JSON lines: a header line, then one JSON array per row, ordered by id, so the
 * same data always gives the same bytes (and the same hash). SQL text comes from Kysely; the rows
 * are read through better-sqlite3's raw mode, which avoids building an object per row.
 */
export function dumpTable(store: Store, table: string): { bytes: Buffer; rows: number } {
  if (!SNAPSHOT_TABLES.some((t) => t.table === table)) throw new Error(`Bảng ${table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const columns = tableColumns(store, table)
  const query = sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.ref('id')}`.compile(
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

/** Why a snapshot file was refused, in plain words. */
export class SnapshotError extends Error {}

/** Parses and checks one snapshot file against the receiving database's schema. */
export function parseSnapshotTable(
  bytes: Buffer,
  expected: { table: string; schemaVersion: number; columns: readonly string[] },
): SnapshotTable {
  const text = bytes.toString('utf8')
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const where = `Tệp dữ liệu ${expected.table}`
  let header: { table?: unknown; snapshotVersion?: unknown; schemaVersion?: unknown; columns?: unknown }
  try {
    header = JSON.parse(lines[0] ?? '') as typeof header
  } catch {
    throw new SnapshotError(`${where}: dòng đầu không đọc được.`)
  }
  if (header.table !== expected.table) throw new SnapshotError(`${where}: dòng đầu ghi bảng khác (${String(header.table)}).`)
  if (header.snapshotVersion !== SNAPSHOT_FORMAT_VERSION) throw new SnapshotError(`${where}: định dạng ảnh chụp không được hỗ trợ.`)
  if (header.schemaVersion !== expected.schemaVersion) throw new SnapshotError(`${where}: phiên bản lược đồ khác với manifest.`)
  const columns = header.columns
  if (!Array.isArray(columns) || !columns.every((c): c is string => typeof c === 'string') || !columns.includes('id')) {
    throw new SnapshotError(`${where}: danh sách cột không hợp lệ.`)
  }
  const unknown = columns.filter((c) => !expected.columns.includes(c))
  if (unknown.length) throw new SnapshotError(`${where}: có cột không có trong cơ sở dữ liệu này (${unknown.join(', ')}).`)
  if (new Set(columns).size !== columns.length) throw new SnapshotError(`${where}: có cột bị lặp.`)
  const idAt = columns.indexOf('id')
  const rows: Cell[][] = []
  const rowHashes: string[] = []
  const ids = new Set<string>()
  for (let i = 1; i < lines.length; i++) {
    let row: unknown
    try {
      row = JSON.parse(lines[i]!)
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
      throw new SnapshotError(`${where}, dòng ${i + 1}: mã định danh (id) không phải UUID.`)
    }
    if (ids.has(id)) throw new SnapshotError(`${where}, dòng ${i + 1}: mã định danh ${id} bị lặp.`)
    ids.add(id)
    rows.push(row as Cell[])
    rowHashes.push(createHash('sha256').update(lines[i]!).digest('base64').slice(0, 22))
  }
  return { table: expected.table, schemaVersion: expected.schemaVersion, columns, rows, rowHashes }
}
