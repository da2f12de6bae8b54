import { createHash } from 'node:crypto'
import { Readable, type Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { describeBytes, INPUT_LIMITS, inflatesTooLarge } from '../../export/input/limits'
import { entryChunks, ZipError, type ZipEntryInfo, type ZipSource } from '../../export/package/zip-reader'
import { EnvelopeError } from '../../export/signing/envelope'
import { CancelledError } from '../jobs'
import { SNAPSHOT_FORMAT_VERSION, SnapshotError, snapshotFileName, type SnapshotTable } from './snapshot'
import { keyColumn, type Cell, type SnapshotSpec } from './snapshot-tables'
import { ident, type Staging } from './staging'
import { rowShape, type Office } from './scope'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Rows written to the staging database per transaction. */
const STAGE_BATCH_ROWS = 10_000

/** Inflated bytes of a package's tables, counted as they come out of zlib against the limits (export/input/limits.ts). */
export class InflateCounter {
  private total = 0
  /** `onPiece` runs at every piece: a job's checkpoint (Cancel) while a large table is read. */
  constructor(private readonly onPiece: () => void = () => {}) {}
  add(part: string, tableSoFar: number, bytes: number): void {
    this.onPiece()
    this.total += bytes
    const { tableBytes, tablesBytes } = INPUT_LIMITS.package
    if (tableSoFar > tableBytes) throw new SnapshotError(inflatesTooLarge('gói', part, tableBytes, tableSoFar).message)
    if (this.total > tablesBytes) throw new SnapshotError(inflatesTooLarge('gói', null, tablesBytes, this.total).message)
  }
}

/**
 * Reads one snapshot table out of the package a piece at a time — zip entry → SHA-256 → gunzip →
 * lines → checks → staging table — and returns its description. Nothing holds more than one piece
 * and one line. The file's SHA-256 is computed again on the way and must equal the manifest's: the
 * file on the stick is read twice (checked, then staged), and what is staged must be what was checked.
 * Each line is checked as before: the header against the receiving schema, each row's shape and
 * value types, its key a UUID, no key twice (the staging table's unique index finds repeats).
 */
export async function stageSnapshotTable(
  staging: Staging,
  spec: SnapshotSpec,
  expected: { schemaVersion: number; columns: readonly string[]; sha256: string },
  office: Office,
  source: ZipSource,
  entry: ZipEntryInfo,
  inflate: InflateCounter,
  /** The decryption stage of an encrypted package (export/signing/envelope.ts), between the hash and gunzip. */
  decrypt?: () => Transform,
): Promise<SnapshotTable> {
  const table = spec.table
  const where = `Tệp dữ liệu ${table}`
  const hash = createHash('sha256')
  function* bytes(): Generator<Buffer> {
    try {
      for (const chunk of entryChunks(source, entry)) {
        hash.update(chunk)
        yield chunk
      }
    } catch (e) {
      if (e instanceof ZipError) throw new SnapshotError(e.message)
      throw e
    }
  }
  let parser: LineParser | null = null
  let inflated = 0
  const part = snapshotFileName(table)
  const maxLine = INPUT_LIMITS.package.lineBytes
  try {
    const lines = async (chunks: AsyncIterable<Buffer>) => {
      // The unfinished line, as the pieces it arrived in: joined once when its newline comes.
      // (Joining at every piece copied the whole line each time: a 16 MB line of 16 KB pieces
      // copied about 8 GB before the limit refused it.)
      let carry: Buffer[] = []
      let carried = 0
      for await (const chunk of chunks) {
        inflated += chunk.length
        inflate.add(part, inflated, chunk.length)
        let at = 0
        for (let nl = chunk.indexOf(10, at); nl >= 0; nl = chunk.indexOf(10, at)) {
          const piece = chunk.subarray(at, nl)
          if (carried + piece.length > maxLine) throw new SnapshotError(lineTooLong(where, parser, maxLine))
          const line: Buffer = carried ? Buffer.concat([...carry, piece]) : piece
          carry = []
          carried = 0
          parser = lineOf(parser, line.toString('utf8'))
          at = nl + 1
        }
        if (at < chunk.length) {
          // Copied: the piece a stream hands on may be memory it writes the next piece into.
          carry.push(Buffer.from(chunk.subarray(at)))
          carried += chunk.length - at
          if (carried > maxLine) throw new SnapshotError(lineTooLong(where, parser, maxLine))
        }
      }
      // A last line without its newline still counts (as before: a last newline ends the last line).
      if (carried) parser = lineOf(parser, Buffer.concat(carry).toString('utf8'))
    }
    if (decrypt) await pipeline(Readable.from(bytes()), decrypt(), createGunzip(), lines)
    else await pipeline(Readable.from(bytes()), createGunzip(), lines)
  } catch (e) {
    ;(parser as LineParser | null)?.abort()
    if (e instanceof SnapshotError || e instanceof CancelledError) throw e
    if (e instanceof EnvelopeError) throw new SnapshotError(`Bảng ${table}: ${e.message}`)
    throw new SnapshotError(`Bảng ${table} không giải nén được.`)
  }
  if (!parser) throw new SnapshotError(`${where}: dòng đầu không đọc được.`)
  const done = (parser as LineParser).finish()
  if (hash.digest('hex') !== expected.sha256)
    throw new SnapshotError(`Tệp "${part}" đã bị thay đổi trong khi đọc (mã băm SHA-256 không khớp với manifest).`)
  return done

  function lineOf(p: LineParser | null, line: string): LineParser {
    if (!p) return LineParser.start(staging, spec, expected, office, line)
    p.row(line)
    return p
  }
}

function lineTooLong(where: string, parser: LineParser | null, max: number): string {
  return `${where}, dòng ${parser ? parser.next + 2 : 1}: một dòng dài hơn ${describeBytes(max)}, không phải dữ liệu của ứng dụng.`
}

/** The checks and the staging of one table's lines, after its header. */
class LineParser {
  /** Index of the next data row (0-based; the file's line number is next + 2). */
  next = 0
  private readonly insert: (values: Cell[]) => void
  private readonly keyAt: number
  private readonly shape: ReturnType<typeof rowShape>
  private readonly where: string
  private readonly stageName: string

  private constructor(
    private readonly staging: Staging,
    private readonly spec: SnapshotSpec,
    readonly t: SnapshotTable,
    office: Office,
  ) {
    this.where = `Tệp dữ liệu ${t.table}`
    this.stageName = ident(`s_${t.table}`)
    this.shape = rowShape(spec, t, office)
    this.keyAt = t.columns.indexOf(keyColumn(spec))
    const db = staging.writer
    db.exec(`drop table if exists ${this.stageName}`)
    // The province's declared types (no constraints): a value is stored with the affinity the
    // import will give it, and judged by the province's own column rules (scope.ts) as SQL.
    const types = staging.declaredTypes(t.table)
    db.exec(
      `create table ${this.stageName} (_n integer primary key, _h text not null, ${t.shaped.map((c) => `${ident(c)} ${types.get(c) ?? ''}`).join(', ')})`,
    )
    // A row is known by its id, or (tables without one) by its line: the same twice is refused.
    db.exec(`create unique index ${ident(`u_${t.table}`)} on ${this.stageName} (${spec.keyless ? '_h' : ident('id')})`)
    const stmt = db.prepare(`insert into ${this.stageName} values (${['?', '?', ...t.shaped.map(() => '?')].join(', ')})`)
    this.insert = (values) => stmt.run(values)
    db.exec('begin')
  }

  static start(
    staging: Staging,
    spec: SnapshotSpec,
    expected: { schemaVersion: number; columns: readonly string[] },
    office: Office,
    line: string,
  ): LineParser {
    const table = spec.table
    const where = `Tệp dữ liệu ${table}`
    let header: { table?: unknown; snapshotVersion?: unknown; schemaVersion?: unknown; columns?: unknown }
    try {
      header = JSON.parse(line) as typeof header
    } catch {
      throw new SnapshotError(`${where}: dòng đầu không đọc được.`)
    }
    if (header?.table !== table) throw new SnapshotError(`${where}: dòng đầu ghi bảng khác (${String(header?.table)}).`)
    if (header.snapshotVersion !== SNAPSHOT_FORMAT_VERSION) throw new SnapshotError(`${where}: định dạng ảnh chụp không được hỗ trợ.`)
    if (header.schemaVersion !== expected.schemaVersion) throw new SnapshotError(`${where}: phiên bản lược đồ khác với manifest.`)
    const columns = header.columns
    if (!Array.isArray(columns) || !columns.every((c): c is string => typeof c === 'string') || !columns.includes(keyColumn(spec))) {
      throw new SnapshotError(`${where}: danh sách cột không hợp lệ.`)
    }
    const unknown = columns.filter((c) => !expected.columns.includes(c))
    if (unknown.length) throw new SnapshotError(`${where}: có cột không có trong cơ sở dữ liệu này (${unknown.join(', ')}).`)
    if (new Set(columns).size !== columns.length) throw new SnapshotError(`${where}: có cột bị lặp.`)
    const shaped = [...columns, ...(spec.derive?.columns ?? [])]
    if (new Set(shaped).size !== shaped.length) throw new SnapshotError(`${where}: có cột bị lặp.`)
    return new LineParser(staging, spec, { table, schemaVersion: expected.schemaVersion, columns, shaped, rows: 0 }, office)
  }

  row(line: string): void {
    const i = this.next + 1 // data line i is the file's line i + 1
    const where = this.where
    let row: unknown
    try {
      row = JSON.parse(line)
    } catch {
      throw new SnapshotError(`${where}, dòng ${i + 1}: không đọc được.`)
    }
    if (
      !Array.isArray(row) ||
      row.length !== this.t.columns.length ||
      !row.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      throw new SnapshotError(`${where}, dòng ${i + 1}: không đúng số cột hoặc kiểu giá trị.`)
    }
    const key = keyColumn(this.spec)
    const id = row[this.keyAt]
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw new SnapshotError(`${where}, dòng ${i + 1}: mã định danh (${key}) không phải UUID.`)
    }
    const hash = createHash('sha256').update(line).digest('base64').slice(0, 22)
    try {
      this.insert([this.next, hash, ...this.shape.values(row as Cell[])])
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT'))) throw e
      throw new SnapshotError(`${where}, dòng ${i + 1}: ${this.spec.keyless ? 'dòng bị lặp' : `mã định danh ${id} bị lặp`}.`)
    }
    this.next++
    if (this.next % STAGE_BATCH_ROWS === 0) this.staging.writer.exec('commit; begin')
  }

  finish(): SnapshotTable {
    const db = this.staging.writer
    db.exec('commit')
    // The plan looks rows up by each unique key and by the columns naming other rows.
    for (const [i, u] of (this.spec.unique ?? []).entries())
      db.exec(`create index ${ident(`k${i}_${this.t.table}`)} on ${this.stageName} (${u.columns.map(ident).join(', ')})`)
    for (const r of [...(this.spec.parent ? [this.spec.parent] : []), ...(this.spec.refs ?? [])]) {
      if (this.t.columns.includes(r.column))
        db.exec(`create index ${ident(`r_${r.column}_${this.t.table}`)} on ${this.stageName} (${ident(r.column)})`)
    }
    return { ...this.t, rows: this.next }
  }

  abort(): void {
    const db = this.staging.writer
    if (db.inTransaction) db.exec('rollback')
  }
}
