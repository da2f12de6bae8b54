import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * What the reader's worker runs for one table: SQL built by snapshot.ts (tableDumpPlan), so that
 * every rule about how a line is written stays there and the worker only pages through rows.
 */
export interface DumpPlan {
  /** A row's line as SQL (snapshot.ts columnSql). */
  line: string
  /** The quoted table name. */
  from: string
  /** Quoted columns to order by when the rows are read a line at a time. */
  order: string
  /** Rows are paged by id (keyset) only when every id is text; keyless tables go a line at a time. */
  keyless: boolean
  /** About this many bytes of lines per page handed over. */
  pieceBytes: number
}

type ToWorker = { type: 'dump'; id: number; plan: DumpPlan; credit: number } | { type: 'more' } | { type: 'stop' } | { type: 'close' }
/** `id` names the dump a message belongs to: pages still on their way from a stopped table are dropped. */
type FromWorker =
  | { type: 'ready'; id: 0 }
  | { type: 'page'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number; rows: number }
  | { type: 'error'; id: number; message: string; blob?: boolean }

/** SQLite refused a line: a blob in a column of text affinity (snapshot.ts columnSql). */
export class BlobInTextColumn extends Error {}

/** Pages handed over ahead of the consumer: gzip works on one while the worker reads the next. */
const PAGES_AHEAD = 3

/**
 * The reader's worker, as source text started with `eval: true` (the same code runs from the
 * TypeScript sources in tests and from the bundled out/main, with no worker file to find beside
 * the bundle; see xls-worker.ts). It opens the register read-only, in one read transaction, and
 * answers "dump" requests with pages of JSON lines (blobs SQLite wrote), `credit` pages ahead of
 * the consumer and then one per "more": its memory stays at a few pages whatever the table's size.
 * Reading here rather than on main lets SQLite write the lines while main's thread feeds gzip,
 * hashes and writes, and keeps the window's thread free meanwhile.
 */
const READER_WORKER_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.path, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
// JavaScript's own JSON text of a value SQLite would write differently (snapshot.ts lineSql).
db.function('sgn_js_json', { deterministic: true, directOnly: true }, (value) => JSON.stringify(value))
db.exec('begin')
// A read transaction takes its moment at its first read: every table comes from this one.
db.prepare('select count(*) from sqlite_master').get()

function* pages(plan) {
  const line = plan.line
  let rows = 0
  const idType = (dir) => db.prepare('select typeof("id") from ' + plan.from + ' order by "id" ' + dir + ' limit 1').pluck().get()
  // Every id is text when the smallest and the largest are (SQLite orders null < numbers < text < blob).
  const textIds = !plan.keyless && idType('asc') === 'text' && idType('desc') === 'text'
  if (!textIds) {
    let batch = []
    let size = 0
    for (const bytes of db.prepare('select cast(' + line + ' || char(10) as blob) from ' + plan.from + ' order by ' + plan.order).pluck().iterate()) {
      rows++
      batch.push(bytes)
      size += bytes.length
      if (size >= plan.pieceBytes) {
        yield Buffer.concat(batch)
        batch = []
        size = 0
      }
    }
    if (batch.length) yield Buffer.concat(batch)
    return rows
  }
  const statements = new Map()
  const statement = (first, limit) => {
    const key = first + ':' + limit
    let s = statements.get(key)
    if (!s) {
      // group_concat takes the rows in the order the subquery gives them (a co-routine walking the
      // id index; SQLite does not flatten a subquery with LIMIT into an aggregate). An ORDER BY
      // inside group_concat would say so, but sorts the page's lines again: a third of the time.
      // tests/integration/package-lines.test.ts checks the order against "order by id".
      s = db.prepare('select cast(group_concat(line, char(10)) || char(10) as blob), max(id), count(*) from (select ' + line +
        ' as line, "id" as id from ' + plan.from + (first ? '' : ' where "id" > ?') + ' order by "id" limit ' + limit + ')').raw()
      statements.set(key, s)
    }
    return s
  }
  // Rows per page: a first guess, then from the lines seen so far (a power of two: few statements).
  let limit = 256
  let last = null
  for (;;) {
    const s = statement(last === null, limit)
    const [bytes, lastId, n] = last === null ? s.get() : s.get(last)
    if (!n || !bytes || lastId === null) return rows
    rows += n
    last = lastId
    yield bytes
    const perRow = Math.max(1, bytes.length / n)
    limit = 2 ** Math.max(0, Math.min(14, Math.round(Math.log2(plan.pieceBytes / perRow))))
  }
}

let current = null
let id = 0
let credit = 0
function pump() {
  try {
    while (current && credit > 0) {
      const next = current.next()
      if (next.done) {
        current = null
        parentPort.postMessage({ type: 'end', id, rows: next.value })
        return
      }
      credit--
      parentPort.postMessage({ type: 'page', id, bytes: next.value })
    }
  } catch (e) {
    current = null
    const message = String((e && e.message) || e)
    parentPort.postMessage({ type: 'error', id, message, blob: /cannot hold BLOB/i.test(message) })
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'dump') {
    current = pages(m.plan)
    id = m.id
    credit = m.credit
    pump()
  } else if (m.type === 'more') {
    credit++
    pump()
  } else if (m.type === 'stop') {
    current = null
  } else if (m.type === 'close') {
    current = null
    if (db.inTransaction) db.exec('commit')
    db.close()
    parentPort.close()
  }
})
parentPort.postMessage({ type: 'ready', id: 0 })
`

/**
 * A read-only second connection to the register, in a worker thread, in one read transaction:
 * every table of a package comes from the same moment (WAL keeps that moment for the reader while
 * the clerk goes on working), and the main connection, serving the window, never holds a cursor
 * open while the export awaits gzip and the disk. One table is dumped at a time.
 */
export class SnapshotReader {
  private readonly worker: Worker
  private readonly inbox: FromWorker[] = []
  private waiting: ((m: FromWorker) => void) | null = null
  private failure: Error | null = null
  private busy = false
  private dumps = 0

  private constructor(path: string) {
    this.worker = new Worker(READER_WORKER_SOURCE, {
      eval: true,
      workerData: { sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), path },
      // The worker's garbage is mostly the pages it handed over (copied to main): a small heap is
      // collected often, which keeps the export's peak memory near the one-thread export's.
      // (A page is a Buffer outside the heap, so a row larger than the heap still passes.)
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    })
    this.worker.on('message', (m: FromWorker) => this.deliver(m))
    // A worker that fails or ends fails whatever dump is waiting (id -1: every dump's).
    this.worker.on('error', (e) => {
      this.failure = e
      this.deliver({ type: 'error', id: -1, message: e.message })
    })
    this.worker.on('exit', (code) => {
      if (code !== 0 && !this.failure) this.deliver({ type: 'error', id: -1, message: `worker exited with code ${code}` })
    })
  }

  /** Opens the reader; resolves once its read transaction has taken its moment. */
  static async open(path: string): Promise<SnapshotReader> {
    const reader = new SnapshotReader(path)
    const first = await reader.receive()
    if (first.type !== 'ready') {
      await reader.close()
      throw new Error(first.type === 'error' ? first.message : `unexpected ${first.type}`)
    }
    return reader
  }

  /**
   * The table's lines as the plan says, a page at a time; `count.rows` holds the number of rows
   * once the pages are exhausted. Stopping early (the consumer failed) stops the worker's table.
   */
  async *pages(plan: DumpPlan, count: { rows: number }): AsyncGenerator<Buffer> {
    if (this.busy) throw new Error('SnapshotReader: one table at a time')
    this.busy = true
    let ended = false
    const id = ++this.dumps
    try {
      this.send({ type: 'dump', id, plan, credit: PAGES_AHEAD })
      for (;;) {
        const m = await this.receive()
        if (m.id !== id && m.id !== -1) continue
        if (m.type === 'page') {
          this.send({ type: 'more' })
          yield Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)
        } else if (m.type === 'end') {
          ended = true
          count.rows = m.rows
          return
        } else if (m.type === 'error') {
          ended = true
          throw m.blob ? new BlobInTextColumn(m.message) : new Error(m.message)
        }
      }
    } finally {
      if (!ended) this.send({ type: 'stop' })
      this.busy = false
    }
  }

  /** Ends the read transaction and the worker. Safe to call twice. */
  async close(): Promise<void> {
    this.send({ type: 'close' })
    await this.worker.terminate()
  }

  private send(m: ToWorker): void {
    try {
      this.worker.postMessage(m)
    } catch {
      // A worker that has ended takes no more messages; its failure was delivered already.
    }
  }

  private deliver(m: FromWorker): void {
    const w = this.waiting
    if (w) {
      this.waiting = null
      w(m)
    } else this.inbox.push(m)
  }

  private receive(): Promise<FromWorker> {
    const m = this.inbox.shift()
    if (m) return Promise.resolve(m)
    return new Promise((resolve) => (this.waiting = resolve))
  }
}
