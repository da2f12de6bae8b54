import SqliteDatabase from 'better-sqlite3'
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

/** Bytes of JSON lines SQLite hands over at a time (a page of rows as one blob): big enough that per-page costs vanish. */
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
  // JavaScript's own JSON text of a value SQLite would write differently (see lineSql).
  db.function('sgn_js_json', { deterministic: true, directOnly: true }, (value: unknown) => JSON.stringify(value))
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
 * A row's line as SQL: json_array of its columns, the same bytes as JSON.stringify of the row as
 * better-sqlite3 reads it (the province keeps each line's hash, so a re-export of an unchanged row
 * must give the same line). SQLite's JSON already matches JavaScript's for text (escapes included:
 * \" \\ \b \f \n \r \t and lowercase \u00xx), null and integers up to 2^53; for the rest it
 * writes other text ("40.0" for JavaScript's 40, "1.0e+20", exact digits past 2^53, and it refuses
 * blobs), so reals, blobs and integers past 2^53 are written by JavaScript (sgn_js_json, on the
 * reader) and embedded as JSON. Checked against JSON.stringify in tests/integration/package-lines.test.ts.
 */
function lineSql(columns: readonly string[]): string {
  const value = (c: string) => {
    const col = ident(c)
    return `iif(typeof(${col}) in ('real', 'blob') or (typeof(${col}) = 'integer' and ${col} not between -9007199254740991 and 9007199254740991), json(sgn_js_json(${col})), ${col})`
  }
  return `json_array(${columns.map(value).join(', ')})`
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Dumps one table as JSON lines: a header line, then one JSON array per row, ordered by id (by
 * every column for tables without one), so the same data always gives the same bytes (and the same
 * hash). SQLite writes the lines (lineSql) from `reader` (openSnapshotReader) and hands them over a
 * page of rows at a time, as one blob ending in a newline: no JavaScript value per column nor per
 * row (reading rows into arrays and JSON.stringify-ing them was most of the export's own time).
 * Pages follow the id (keyset), about DUMP_PIECE_BYTES each; tables without an id, and a table with
 * an id that is not text, are read a line at a time. `count.rows` holds the number of rows once
 * the pieces are exhausted. Nothing holds more than one page: a table of any size.
 */
export function* dumpTable(store: Store, reader: SqliteDatabase.Database, table: string, count: { rows: number }): Generator<Buffer> {
  const spec = snapshotSpec(table)
  if (!spec) throw new Error(`Bảng ${table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const columns = snapshotColumns(store, spec)
  const T = ident(table)
  yield Buffer.from(`${JSON.stringify({ table, snapshotVersion: SNAPSHOT_FORMAT_VERSION, schemaVersion: store.schemaVersion, columns })}\n`)
  count.rows = 0
  const line = lineSql(columns)
  // Every id is text when the smallest and the largest are (SQLite orders null < numbers < text < blob): two index lookups.
  const idType = (dir: string) => reader.prepare(`select typeof("id") from ${T} order by "id" ${dir} limit 1`).pluck().get()
  const textIds = !spec.keyless && idType('asc') === 'text' && idType('desc') === 'text'
  if (!textIds) {
    const order = (spec.keyless ? columns : ['id']).map(ident).join(', ')
    for (const bytes of reader.prepare(`select cast(${line} || char(10) as blob) from ${T} order by ${order}`).pluck().iterate()) {
      count.rows++
      yield bytes as Buffer
    }
    return
  }
  const page = (first: boolean, limit: number) =>
    reader
      .prepare(
        // group_concat takes the rows in the order the subquery gives them (a co-routine walking the
        // id index; SQLite does not flatten a subquery with LIMIT into an aggregate). An ORDER BY
        // inside group_concat would say so, but sorts the page's lines again: a third of the time.
        // tests/integration/package-lines.test.ts checks the order against "order by id".
        `select cast(group_concat(line, char(10)) || char(10) as blob), max(id), count(*)
           from (select ${line} as line, "id" as id from ${T} ${first ? '' : 'where "id" > ?'} order by "id" limit ${limit})`,
      )
      .raw()
  const pages = new Map<string, SqliteDatabase.Statement>()
  const statement = (first: boolean, limit: number) => {
    const key = `${first}:${limit}`
    let s = pages.get(key)
    if (!s) pages.set(key, (s = page(first, limit)))
    return s
  }
  // Rows per page: a first guess, then from the lines seen so far (rounded to a power of two so
  // that few statements are prepared).
  let limit = 256
  let last: string | null = null
  for (;;) {
    const stmt = statement(last === null, limit)
    const [bytes, lastId, rows] = (last === null ? stmt.get() : stmt.get(last)) as [Buffer | null, string | null, number]
    if (!rows || !bytes || lastId === null) return
    count.rows += rows
    last = lastId
    yield bytes
    const perRow = Math.max(1, bytes.length / rows)
    limit = 2 ** Math.max(0, Math.min(14, Math.round(Math.log2(DUMP_PIECE_BYTES / perRow))))
  }
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
