import SqliteDatabase from 'better-sqlite3'

export type Cell = string | number | null

/**
 * The rules SQLite itself applies to one table's values, checked before a row is written: NOT NULL,
 * the declared type (after SQLite's own affinity, so '5' in an integer column is 5 and passes, while
 * 'năm' stays text and does not), and every CHECK constraint of the table. They are read from the
 * database's own schema and evaluated by SQLite on a shadow copy of the table (same columns, types
 * and defaults, no constraints) in a private in-memory database, so they are exactly the rules the
 * insert will enforce, with no second list to keep in step with the migrations. Packages judge
 * every row with it at verify, preview and import (scope.ts), so a value the province's database
 * would refuse is refused before anything is written, naming the column and the value.
 *
 * Only schema text (quoted identifiers, the table's own CHECK expressions) goes into the SQL;
 * values are always bound.
 */
export function valueRules(sqlite: SqliteDatabase.Database, table: string, columns: readonly string[]): (row: readonly Cell[]) => string[] {
  const createSql = sqlite.prepare("select sql from sqlite_schema where type = 'table' and name = ?").pluck().get(table) as
    string | undefined
  if (!createSql) throw new Error(`valueRules: no table ${table}`)
  const info = sqlite.pragma(`table_info(${quote(table)})`) as { name: string; type: string; notnull: number; dflt_value: string | null }[]
  const shadow = shadowTable(createSql, info)
  const at = (name: string) => columns.indexOf(name)
  // NOT NULL: a value given as null, or a column left out that has no default (SQLite fills it with null).
  const required = info.filter((c) => c.notnull && at(c.name) >= 0).map((c) => ({ name: c.name, at: at(c.name) }))
  const missing = info
    .filter((c) => c.notnull && at(c.name) < 0 && c.dflt_value === null)
    .map((c) => `cột ${c.name} bắt buộc nhưng để trống`)
  // Numbers: a JS number is judged here; text goes to SQLite, which keeps it as text unless it reads as a number.
  const typed = info
    .filter((c) => at(c.name) >= 0)
    .map((c) => ({ name: c.name, at: at(c.name), affinity: affinityOf(c.type) }))
    .filter((c) => c.affinity === 'integer' || c.affinity === 'real')
    .map((c) => ({ ...c, stored: memo(shadow.read([c.name], `typeof(${quote(c.name)})`)) }))
  // CHECK rules: each evaluated by SQLite on the values it names (as stored, defaults for those left out).
  const checks = checkExpressions(createSql).map((expr) => {
    const named = info.filter((c) => mentions(expr, c.name)).map((c) => c.name)
    const given = named.filter((c) => at(c) >= 0)
    return {
      expr,
      column: named[0] ?? null,
      at: given.map(at),
      fails: memo(shadow.read(given, `ifnull(not (${expr}), 0)`)),
    }
  })
  return (row) => {
    const problems = [...missing]
    for (const c of required) if (row[c.at] === null || row[c.at] === undefined) problems.push(`cột ${c.name} bắt buộc nhưng để trống`)
    for (const c of typed) {
      const v = row[c.at] ?? null
      const ok =
        v === null ||
        (typeof v === 'number'
          ? c.affinity === 'real' || Number.isInteger(v)
          : ['integer', c.affinity === 'real' ? 'real' : ''].includes(String(c.stored([v]))))
      if (!ok) problems.push(`cột ${c.name} = ${shown(v)}: ${c.affinity === 'integer' ? 'phải là số nguyên' : 'phải là số'}`)
    }
    for (const k of checks) {
      const values = k.at.map((i) => row[i] ?? null)
      if (!k.fails(values)) continue
      const value = k.column && at(k.column) >= 0 ? ` = ${shown(row[at(k.column)])}` : ''
      problems.push(`cột ${k.column ?? '(nhiều cột)'}${value}: ${describeCheck(k.expr)}`)
    }
    return problems
  }
}

/**
 * Remembers a rule's verdict per distinct values (most columns with a rule hold a handful: area
 * types, states), up to a bound, so a 500,000-row package costs a map lookup per row, not a statement.
 */
function memo<T>(evaluate: (values: Cell[]) => T): (values: Cell[]) => T {
  const seen = new Map<string, T>()
  return (values) => {
    const key = JSON.stringify(values)
    let verdict = seen.get(key)
    if (verdict === undefined && !seen.has(key)) {
      verdict = evaluate(values)
      if (seen.size < 100_000) seen.set(key, verdict)
    }
    return verdict as T
  }
}

let shadowDb: SqliteDatabase.Database | null = null
const shadows = new Map<string, string>()

/**
 * The table's shadow in the process's private in-memory database (made once per schema text), and
 * a way to read an expression over a row of it: the given columns are written into its one row
 * (affinity applied, defaults for the rest) and the expression read back with RETURNING.
 */
function shadowTable(createSql: string, info: { name: string; type: string; dflt_value: string | null }[]) {
  shadowDb ??= new SqliteDatabase(':memory:')
  const db = shadowDb
  let name = shadows.get(createSql)
  if (!name) {
    name = `shadow_${shadows.size}`
    const columns = info.map((c) => `${quote(c.name)} ${c.type}${c.dflt_value !== null ? ` default ${c.dflt_value}` : ''}`)
    db.exec(`create table ${quote(name)} (${columns.join(', ')})`)
    shadows.set(createSql, name)
  }
  const table = name
  return {
    read(columns: readonly string[], expression: string): (values: Cell[]) => unknown {
      const statement = db
        .prepare(
          `insert or replace into ${quote(table)} (rowid${columns.map((c) => `, ${quote(c)}`).join('')}) ` +
            `values (1${columns.map(() => ', ?').join('')}) returning ${expression}`,
        )
        .pluck()
      return (values) => statement.get(values)
    },
  }
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`

/** SQLite's affinity rules (datatype3.html §3.1) for a declared column type. */
function affinityOf(type: string): 'integer' | 'text' | 'blob' | 'real' | 'numeric' {
  const t = type.toUpperCase()
  if (t.includes('INT')) return 'integer'
  if (/CHAR|CLOB|TEXT/.test(t)) return 'text'
  if (t === '' || t.includes('BLOB')) return 'blob'
  if (/REAL|FLOA|DOUB/.test(t)) return 'real'
  return 'numeric'
}

/**
 * The expressions of every CHECK constraint in a CREATE TABLE statement, column and table ones
 * alike: the balanced parentheses after each CHECK keyword, skipping quoted strings and names.
 */
export function checkExpressions(createSql: string): string[] {
  const found: string[] = []
  const s = createSql
  let i = 0
  while (i < s.length) {
    const ch = s[i]!
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      i = skipQuoted(s, i)
      continue
    }
    if (/[a-z_]/i.test(ch) && (i === 0 || !/[\w$]/.test(s[i - 1]!))) {
      const word = /^[a-z_][\w$]*/i.exec(s.slice(i))![0]
      i += word.length
      if (word.toLowerCase() !== 'check') continue
      while (/\s/.test(s[i] ?? '')) i++
      if (s[i] !== '(') continue
      const start = i + 1
      let depth = 1
      i++
      while (i < s.length && depth > 0) {
        const c = s[i]!
        if (c === "'" || c === '"' || c === '`' || c === '[') {
          i = skipQuoted(s, i)
          continue
        }
        if (c === '(') depth++
        else if (c === ')') depth--
        i++
      }
      found.push(s.slice(start, i - 1).trim())
      continue
    }
    i++
  }
  return found
}

function skipQuoted(s: string, i: number): number {
  const close = s[i] === '[' ? ']' : s[i]!
  let j = i + 1
  while (j < s.length) {
    if (s[j] === close) {
      if (close !== ']' && s[j + 1] === close) j += 2
      else return j + 1
    } else j++
  }
  return j
}

/** Whether an expression names a column (bare or quoted, not inside a string literal). */
function mentions(expr: string, column: string): boolean {
  const code = expr.replace(/'(?:[^']|'')*'/g, "''")
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^\\w$])("${escaped}"|\`${escaped}\`|\\[${escaped}\\]|${escaped})(?![\\w$])`, 'i').test(code)
}

/** A CHECK rule as a clerk reads it: the values a column takes, or the range it must be in. */
function describeCheck(expr: string): string {
  const name = String.raw`(?:"[^"]+"|\w+)`
  const list = new RegExp(`^${name}\\s+in\\s*\\((.*)\\)$`, 'is').exec(expr)
  if (list) return `chỉ nhận một trong các giá trị ${list[1]!.trim()}`
  const between = new RegExp(`^${name}\\s+between\\s+(\\S+)\\s+and\\s+(\\S+)$`, 'i').exec(expr)
  if (between) return `phải từ ${between[1]} đến ${between[2]}`
  const compare = new RegExp(`^${name}\\s*(>=|>|<=|<)\\s*(\\S+)$`).exec(expr)
  if (compare) {
    const words: Record<string, string> = {
      '>=': 'không được nhỏ hơn',
      '>': 'phải lớn hơn',
      '<=': 'không được lớn hơn',
      '<': 'phải nhỏ hơn',
    }
    return `${words[compare[1]!]} ${compare[2]}`
  }
  return `không thỏa điều kiện của cột (${expr})`
}

const shown = (v: Cell | undefined) =>
  typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : String(v ?? 'trống')
