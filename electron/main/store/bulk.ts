import type { Insertable } from 'kysely'
import type { Store } from './open'
import type { Database } from './schema'

/**
 * Inserts many rows of one shape in a single transaction. Kysely compiles the statement once from
 * the first row; better-sqlite3 then runs that prepared statement for every row. Compiling a Kysely
 * query per row costs several times the insert itself (see tests/bench/store-insert.bench.ts), and
 * the SQL text still comes from Kysely, so no value is ever concatenated into it.
 *
 * Runs inside Kysely's connection lock, so it never interleaves with an async Kysely transaction.
 */
export async function bulkInsert<T extends keyof Database & string>(
  store: Store,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<number> {
  const first = rows[0]
  if (!first) return 0
  const keys = Object.keys(first)
  const compiled = store.db
    .insertInto(table)
    .values(first as never)
    .compile()
  const statement = store.sqlite.prepare(compiled.sql)
  const insertAll = store.sqlite.transaction((all: readonly Insertable<Database[T]>[]) => {
    const values: unknown[] = new Array(keys.length)
    for (let r = 0; r < all.length; r++) {
      const row = all[r] as Record<string, unknown>
      for (let k = 0; k < keys.length; k++) {
        const v = row[keys[k]!]
        // A missing column would be bound as NULL silently; stop and roll the whole batch back.
        if (v === undefined) throw new Error(`bulkInsert(${table}): row ${r} has no value for ${keys[k]}`)
        values[k] = v
      }
      statement.run(values)
    }
  })
  await store.db.connection().execute(async () => insertAll(rows))
  return rows.length
}
