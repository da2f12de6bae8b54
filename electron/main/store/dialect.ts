import type SqliteDatabase from 'better-sqlite3'
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely'

/**
 * Kysely's SQLite dialect, except that a transaction SQLite has already undone is not rolled back a
 * second time. On SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR and SQLITE_NOMEM, SQLite may end the
 * transaction itself; Kysely then ran ROLLBACK, which failed with "cannot rollback - no transaction
 * is active", and that error replaced the real one: a database held by another program reached the
 * clerk as "an unexpected error" instead of "busy" (store/errors.ts names the real one).
 */
export class StoreDialect extends SqliteDialect {
  readonly #sqlite: SqliteDatabase.Database
  constructor(sqlite: SqliteDatabase.Database) {
    super({ database: sqlite })
    this.#sqlite = sqlite
  }
  override createDriver(): Driver {
    const sqlite = this.#sqlite
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (sqlite.inTransaction) await super.rollbackTransaction(connection)
      }
    })({ database: sqlite })
  }
}
