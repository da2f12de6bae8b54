import type { Compilable } from 'kysely'
import type { Store } from './open'

/**
 * Prepared statements for per-row loops (the household writer, the import). The SQL text is still compiled by Kysely (from a
 * query built with placeholder values), so nothing is concatenated; better-sqlite3 then runs it per
 * row without Kysely's per-query compile, which costs more than the insert itself (store/bulk.ts).
 */
export function prepareQuery(store: Store, query: Compilable) {
  const compiled = query.compile()
  return store.sqlite.prepare(compiled.sql)
}

/** `run(row)` binds the row's values in the order of `keys`, the order Kysely compiled them. */
export function prepareInsert<T extends object>(store: Store, query: (sample: T) => Compilable, sample: T): (row: T) => void {
  const keys = Object.keys(sample) as (keyof T)[]
  const compiled = query(sample).compile()
  const values = keys.map((k) => sample[k])
  if (compiled.parameters.length !== keys.length || compiled.parameters.some((p, i) => p !== values[i])) {
    throw new Error(`prepareInsert: unexpected parameter order in ${compiled.sql}`)
  }
  const stmt = store.sqlite.prepare(compiled.sql)
  return (row) => {
    stmt.run(...keys.map((k) => row[k]))
  }
}
