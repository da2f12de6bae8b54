import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'

/**
 * Every table of a database file, read through its own read-only connection: row count and one
 * hash over all rows (sorted, so WITHOUT ROWID tables and rowid reuse do not matter). Equal digests
 * before and after a refused command prove it wrote nothing; the file's bytes may still differ (a
 * checkpoint, the header's change counter), its contents may not.
 */
export function fileDigest(dbPath: string): Record<string, string> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[]
    return Object.fromEntries(
      tables.map((t) => {
        const rows = (
          db
            .prepare(`select * from "${t.replace(/"/g, '""')}"`)
            .raw()
            .all() as unknown[]
        )
          .map((r) => JSON.stringify(r))
          .sort()
        return [t, `${rows.length} ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`]
      }),
    )
  } finally {
    db.close()
  }
}

/** Rows of one table in a database file, e.g. `count(db, 'households')`. */
export function countRows(dbPath: string, table: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(`select count(*) from "${table.replace(/"/g, '""')}"`)
      .pluck()
      .get() as number
  } finally {
    db.close()
  }
}
