import { rmSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Store } from '../../store/open'
import { makeWorkDir } from '../files/private-temp'

/** The schema name the staged tables have on the register's connection while a package is planned and applied. */
export const STAGE_SCHEMA = 'goi_nhap'

/** Page cache of the staging database (KiB, SQLite's negative form): its tables are written once and read in order. */
const STAGE_CACHE_KIB = 16 * 1024

/** A quoted SQL identifier: names come from SNAPSHOT_TABLES and the register's own schema, never from a package. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

const current = new WeakMap<Store, Staging>()

/**
 * Where a package's tables are put while it is checked, planned and imported: a SQLite file in the
 * register's private work folder (private-temp.ts: 0700, swept if the process dies), written
 * through its own connection so that the register's connection stays free for the window, then
 * attached to the register's connection so that the plan and the import are SQL over both. A
 * province register of any size is checked with the memory of one piece of one table: rows live
 * on disk, never in a JavaScript array. One per store: a new check drops the previous one.
 */
export class Staging {
  private conn: SqliteDatabase.Database | null
  private attachedTo: SqliteDatabase.Database | null = null

  private constructor(
    private readonly store: Store,
    private readonly dir: string,
    readonly file: string,
  ) {
    this.conn = new SqliteDatabase(file)
    // Scratch data, rebuilt from the package on every check: no journal, no flush to the device.
    this.conn.pragma('journal_mode = OFF')
    this.conn.pragma('synchronous = OFF')
    this.conn.pragma(`cache_size = -${STAGE_CACHE_KIB}`)
  }

  static create(store: Store): Staging {
    current.get(store)?.dispose()
    const dir = makeWorkDir(store.path, 'goi-nhap')
    const staging = new Staging(store, dir, join(dir, 'goi.sqlite'))
    current.set(store, staging)
    return staging
  }

  /** The staging connection, for writing the tables (before attach). */
  get writer(): SqliteDatabase.Database {
    if (!this.conn) throw new Error('staging: already closed for writing')
    return this.conn
  }

  /**
   * Declared types of a register table's columns. A staged table declares the same types, so a
   * value gets the affinity the import will give it ('5' in an integer column is 5, 'năm' stays
   * text) and the province's rules (store/value-rules.ts) are judged as SQL on the staged rows.
   */
  declaredTypes(table: string): Map<string, string> {
    const info = this.store.sqlite.pragma(`main.table_info(${ident(table)})`) as { name: string; type: string }[]
    return new Map(info.map((c) => [c.name, c.type]))
  }

  /** `goi_nhap."s_households"`: a staged table as the register's connection names it. */
  static table(table: string): string {
    return `${STAGE_SCHEMA}.${ident(`s_${table}`)}`
  }

  /** Ends writing and attaches the staged tables to the register's connection (outside any transaction). */
  attach(): void {
    if (this.attachedTo) return
    this.conn?.close()
    this.conn = null
    this.store.sqlite.prepare(`attach database ? as ${STAGE_SCHEMA}`).run(this.file)
    this.store.sqlite.pragma(`${STAGE_SCHEMA}.cache_size = -${STAGE_CACHE_KIB}`)
    this.attachedTo = this.store.sqlite
  }

  dispose(): void {
    if (this.attachedTo) {
      try {
        if (this.attachedTo.open) this.attachedTo.exec(`detach database ${STAGE_SCHEMA}`)
      } catch {
        // a connection inside a transaction cannot detach; it is closed with the store
      }
      this.attachedTo = null
    }
    this.conn?.close()
    this.conn = null
    rmSync(this.dir, { recursive: true, force: true })
    if (current.get(this.store) === this) current.delete(this.store)
  }
}
