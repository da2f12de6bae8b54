import SqliteDatabase from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import type { Store } from '../../store/open'
import { snapshotSpec, type SnapshotSpec } from './snapshot-tables'

export { SNAPSHOT_TABLES, type Cell } from './snapshot-tables'

export const SNAPSHOT_FORMAT_VERSION = 1

/**
 * One table of a snapshot, checked and staged (snapshot-stage.ts): its rows are in the staging
 * database (staging.ts), as the province writes them, with their line's short hash.
 */
export interface SnapshotTable {
  table: string
  schemaVersion: number
  /** The columns of the package's file, in its order. */
  columns: string[]
  /** The columns as the province writes them: the file's, then the derived ones (scope.ts rowShape). */
  shaped: string[]
  rows: number
}

/** Gzipped JSON lines: the gzip bytes are what the manifest hashes, so compression costs no coverage. */
export const snapshotFileName = (table: string) => `du-lieu/${table}.jsonl.gz`

/** JSON lines gathered into pieces of about this many bytes before they go to gzip: big enough that per-piece costs vanish. */
const DUMP_PIECE_BYTES = 256 * 1024

/**
 * A read-only second connection to the register, in one read transaction: every table of a
 * package comes from the same moment (WAL keeps that moment for the reader while the clerk goes
 * on working), and its cursors may stay open while the export awaits gzip and the disk, which the
 * main connection, serving the window meanwhile, must never do.
 */
export function openSnapshotReader(store: Store): { db: SqliteDatabase.Database; close(): void } {
  const db = new SqliteDatabase(store.path, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  db.exec('begin')
  return {
    db,
    close() {
      if (db.inTransaction) db.exec('commit')
      db.close()
    },
  }
}

/**
 * Dumps one table as JSON lines, a piece at a time: a header line, then one JSON array per row,
 * ordered by id (by every column for tables without one), so the same data always gives the same
 * bytes (and the same hash). SQL text comes from Kysely; the rows are read through better-sqlite3's
 * raw mode (no object per row) from `reader` (openSnapshotReader). `count.rows` holds the number of
 * rows once the pieces are exhausted. Nothing holds more than one piece: a table of any size.
 */
export function* dumpTable(store: Store, reader: SqliteDatabase.Database, table: string, count: { rows: number }): Generator<Buffer> {
  const spec = snapshotSpec(table)
  if (!spec) throw new Error(`Bảng ${table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const columns = snapshotColumns(store, spec)
  const order = spec.keyless ? columns : ['id']
  const query =
    sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.join(order.map((c) => sql.ref(c)))}`.compile(
      store.db as unknown as Kysely<unknown>,
    )
  // Each line is encoded straight into the piece's buffer: appending lines to one string and
  // encoding that made V8 flatten a rope of thousands of strings per piece (2.6 s of a 12 s
  // export of 60,000 households, measured with --cpu-prof).
  let piece = Buffer.allocUnsafe(DUMP_PIECE_BYTES)
  let at = 0
  function* add(line: string): Generator<Buffer> {
    // A UTF-16 unit never takes more than 3 bytes of UTF-8.
    if (at > 0 && at + line.length * 3 + 1 > piece.length) {
      yield piece.subarray(0, at)
      piece = Buffer.allocUnsafe(DUMP_PIECE_BYTES)
      at = 0
    }
    if (line.length * 3 + 1 > piece.length) {
      yield Buffer.from(`${line}\n`, 'utf8')
      return
    }
    at += piece.write(line, at, 'utf8')
    piece[at++] = 10
  }
  yield* add(JSON.stringify({ table, snapshotVersion: SNAPSHOT_FORMAT_VERSION, schemaVersion: store.schemaVersion, columns }))
  count.rows = 0
  for (const row of reader
    .prepare(query.sql)
    .raw()
    .iterate(...query.parameters)) {
    yield* add(JSON.stringify(row))
    count.rows++
  }
  if (at > 0) yield piece.subarray(0, at)
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
