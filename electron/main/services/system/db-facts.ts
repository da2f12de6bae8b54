import type SqliteDatabase from 'better-sqlite3'

/** What a database holds, read straight from a raw handle: used for backups, restore previews and `check`. */
export interface DbFacts {
  schemaVersion: number
  /** `mode` is 'office' or 'province' (every released schema has it). */
  office: { code: string; name: string; mode?: 'office' | 'province' } | null
  /** Rows per table, every table of the app (SQLite's and Kysely's bookkeeping left out). */
  counts: Record<string, number>
}

/** Tables that only index others (migration 0009's search terms). */
const DERIVED_TABLES: ReadonlySet<string> = new Set(['household_search_terms'])

export function userTables(handle: SqliteDatabase.Database): string[] {
  const tables = handle
    .prepare(
      "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name",
    )
    .all() as { name: string; sql: string | null }[]
  // Search indexes hold derived data, rebuilt from the register: not records to count or compare
  // (millions of rows that mean nothing to a clerk reading a restore preview), and without rowids.
  // Virtual tables (an FTS5 index in schemas before 0009) with their shadow tables, and the term index.
  const virtual = tables.filter((t) => /^create virtual table/i.test(t.sql ?? '')).map((t) => t.name)
  return tables
    .map((t) => t.name)
    .filter((name) => !DERIVED_TABLES.has(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
}

export function readFacts(handle: SqliteDatabase.Database): DbFacts {
  const counts: Record<string, number> = {}
  for (const table of userTables(handle)) {
    // Table names come from sqlite_master, quoted as identifiers: no value from outside reaches the SQL.
    const row = handle.prepare(`select count(*) as n from "${table.replaceAll('"', '""')}"`).get() as { n: number }
    counts[table] = row.n
  }
  const hasOffice = 'office' in counts
  // `select *`: a backup from a newer app may lay the table out differently; it is refused for its schema, not here.
  const row = hasOffice ? (handle.prepare('select * from office limit 1').get() as Record<string, unknown> | undefined) : undefined
  const mode = row?.mode === 'office' || row?.mode === 'province' ? row.mode : undefined
  const office: DbFacts['office'] = row ? { code: String(row.code ?? ''), name: String(row.name ?? ''), ...(mode ? { mode } : {}) } : null
  return { schemaVersion: handle.pragma('user_version', { simple: true }) as number, office, counts }
}

/** `PRAGMA integrity_check`, as a list of problems (empty when the file is sound). */
export function integrityProblems(handle: SqliteDatabase.Database, max = 20): string[] {
  const rows = handle.pragma(`integrity_check(${Math.max(1, Math.floor(max))})`) as { integrity_check: string }[]
  const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok')
  return problems
}
