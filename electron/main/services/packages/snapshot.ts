import type { Store } from '../../store/open'
import { BlobInTextColumn, SnapshotReader } from './snapshot-reader'
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

/** Opens the reader every table of one package is read from (snapshot-reader.ts: one moment, off main's thread). */
export const openSnapshotReader = (store: Store): Promise<SnapshotReader> => SnapshotReader.open(store.path)

/**
 * A column's value in a line, as SQL. json_array of the row's columns gives the same bytes as
 * JSON.stringify of the row as better-sqlite3 reads it (the province keeps each line's hash, so a
 * re-export of an unchanged row must give the same line). SQLite's JSON already matches
 * JavaScript's for text (escapes included: \" \\ \b \f \n \r \t and lowercase \u00xx), null and
 * integers up to 2^53; for the rest it writes other text ("40.0" for JavaScript's 40, "1.0e+20",
 * exact digits past 2^53) or refuses (blobs), so such values are written by JavaScript
 * (sgn_js_json, on the reader) and embedded as JSON (`safe`). Checking every value costs a third of
 * the dump, so a column of text affinity, which SQLite stores only as text, null or blob, is written
 * as it is (`plain`); a blob there (none of our writers stores one) makes SQLite refuse the line,
 * and the table is dumped again checking every column (BlobInTextColumn, `safeAll`). Checked
 * against JSON.stringify in tests/integration/package-lines.test.ts.
 */
function columnSql(name: string, declaredType: string): { plain: string; safe: string } {
  const col = ident(name)
  const exotic = `typeof(${col}) in ('real', 'blob') or (typeof(${col}) = 'integer' and ${col} not between -9007199254740991 and 9007199254740991)`
  const safe = `iif(${exotic}, json(sgn_js_json(${col})), ${col})`
  return { plain: textAffinity(declaredType) ? col : safe, safe }
}

/** SQLite's rule for a column's affinity (datatype3.html §3.1), as far as text affinity goes. */
const textAffinity = (declaredType: string) => {
  const t = declaredType.toUpperCase()
  return !t.includes('INT') && (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT'))
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Dumps one table as JSON lines: a header line, then one JSON array per row, ordered by id (by
 * every column for tables without one), so the same data always gives the same bytes (and the same
 * hash). SQLite writes the lines (columnSql) on the reader's worker and hands them over a page of
 * rows at a time, as one blob ending in a newline: no JavaScript value per column nor per row
 * (reading rows into arrays and JSON.stringify-ing them was most of the export's own time). Pages
 * follow the id (keyset), about DUMP_PIECE_BYTES each; tables without an id, and a table with an id
 * that is not text, are read a line at a time and handed over in pieces of the same size.
 * `count.rows` holds the number of rows once the pieces are exhausted. Nothing holds more than a
 * few pages: a table of any size. With `safeAll` every value is checked (see columnSql).
 */
export async function* dumpTable(
  store: Store,
  reader: SnapshotReader,
  table: string,
  count: { rows: number },
  safeAll = false,
): AsyncGenerator<Buffer> {
  const spec = snapshotSpec(table)
  if (!spec) throw new Error(`Bảng ${table} không thuộc danh sách ảnh chụp dữ liệu.`)
  const columns = snapshotColumns(store, spec)
  const types = new Map(tableInfo(store, table).map((c) => [c.name, c.type]))
  yield Buffer.from(`${JSON.stringify({ table, snapshotVersion: SNAPSHOT_FORMAT_VERSION, schemaVersion: store.schemaVersion, columns })}\n`)
  const sql = columns.map((c) => columnSql(c, types.get(c) ?? ''))
  yield* reader.pages(
    {
      line: `json_array(${sql.map((c) => (safeAll ? c.safe : c.plain)).join(', ')})`,
      from: ident(table),
      order: (spec.keyless ? columns : ['id']).map(ident).join(', '),
      keyless: !!spec.keyless,
      pieceBytes: DUMP_PIECE_BYTES,
    },
    count,
  )
}

/**
 * Hands a table's lines to `consume` (gzip and a file, or a test's buffer), and hands them again,
 * every value checked, when SQLite refused a blob in a text column (see columnSql): `consume` must
 * start afresh each time it is called.
 */
export async function consumeTableDump<T>(
  store: Store,
  reader: SnapshotReader,
  table: string,
  consume: (pieces: AsyncGenerator<Buffer>) => Promise<T>,
): Promise<{ value: T; rows: number }> {
  const count = { rows: 0 }
  try {
    return { value: await consume(dumpTable(store, reader, table, count)), rows: count.rows }
  } catch (e) {
    if (!(e instanceof BlobInTextColumn)) throw e
    return { value: await consume(dumpTable(store, reader, table, count, true)), rows: count.rows }
  }
}

const tableInfo = (store: Store, table: string) =>
  store.sqlite.pragma(`table_info(${JSON.stringify(table)})`) as { name: string; type: string }[]

export function tableColumns(store: Store, table: string): string[] {
  return tableInfo(store, table).map((c) => c.name)
}

/** The columns a snapshot of this table carries: the table's, less those the receiver derives itself. */
export function snapshotColumns(store: Store, spec: SnapshotSpec): string[] {
  const local = new Set([...(spec.omit ?? []), ...(spec.derive?.columns ?? [])])
  return tableColumns(store, spec.table).filter((c) => !local.has(c))
}

/** Why a snapshot file was refused, in plain words. */
export class SnapshotError extends Error {}
