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
  // The generated runner binds values in `keys` order: make sure that is the order Kysely compiled.
  const firstValues = keys.map((k) => (first as Record<string, unknown>)[k])
  if (compiled.parameters.length !== keys.length || compiled.parameters.some((p, i) => p !== firstValues[i])) {
    throw new Error(`bulkInsert(${table}): unexpected parameter order in ${compiled.sql}`)
  }
  const statement = store.sqlite.prepare(compiled.sql)
  const runRow = rowRunner(keys)
  const insertAll = store.sqlite.transaction((all: readonly Insertable<Database[T]>[]) => {
    for (let r = 0; r < all.length; r++) {
      // A missing column would be bound as NULL silently; stop and roll the whole batch back.
      if (!runRow(statement, all[r])) throw new Error(`bulkInsert(${table}): row ${r} lacks one of ${keys.join(', ')}`)
    }
  })
  await store.db.connection().execute(async () => insertAll(rows))
  return rows.length
}

type RowRunner = (statement: { run: (...values: unknown[]) => unknown }, row: unknown) => boolean

/**
 * Builds `(stmt, row) => stmt.run(row.a, row.b, …)` for a fixed list of column names. A loop over
 * computed keys costs 10–25 % more than fixed property reads on 100,000 rows, which is the whole
 * budget the bulk path has over raw inserts. The names are Kysely column names, quoted with
 * JSON.stringify, so nothing from the data reaches the generated code.
 */
function rowRunner(keys: string[]): RowRunner {
  const reads = keys.map((k) => `row[${JSON.stringify(k)}]`)
  const body = `if (${reads.map((r) => `${r} === undefined`).join(' || ')}) return false; stmt.run(${reads.join(', ')}); return true`
  return new Function('stmt', 'row', body) as RowRunner
}
