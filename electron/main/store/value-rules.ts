import type SqliteDatabase from 'better-sqlite3'

export type Cell = string | number | null

/** One CHECK constraint of a table, as packages judge it over a staged table. */
export interface CheckRule {
  expr: string
  /** The column the rule is about (the first it names), to show its value; null when it names none. */
  column: string | null
  /** Columns the rule names that the rows leave out, with their default (SQL text; null when none). */
  absent: { name: string; dflt: string | null }[]
}

/** The rules SQLite itself applies to a table's values (see columnRules). */
export interface ColumnRules {
  /** NOT NULL columns the rows leave out that have no default: SQLite would store null in every row. */
  missing: string[]
  /** NOT NULL columns the rows give. */
  required: string[]
  /** Columns the rows give whose affinity is numeric: a value stored as anything else is refused. */
  typed: { name: string; affinity: 'integer' | 'real' }[]
  checks: CheckRule[]
}

/**
 * The rules SQLite itself applies to one table's values, checked before a row is written: NOT NULL,
 * the declared type (after SQLite's own affinity, so '5' in an integer column is 5 and passes, while
 * 'năm' stays text and does not), and every CHECK constraint of the table. They are read from the
 * database's own schema, so they are exactly the rules the insert will enforce, with no second list
 * to keep in step with the migrations. Packages stage their rows in tables with the same declared
 * types (so the same affinity) and judge every row with these rules as SQL over the whole staged
 * table at verify, preview and import (services/packages/scope.ts): a value the province's database
 * would refuse is refused before anything is written, naming the column and the value.
 */
export function columnRules(sqlite: SqliteDatabase.Database, table: string, columns: readonly string[]): ColumnRules {
  const createSql = sqlite.prepare("select sql from sqlite_schema where type = 'table' and name = ?").pluck().get(table) as
    string | undefined
  if (!createSql) throw new Error(`columnRules: no table ${table}`)
  const info = sqlite.pragma(`table_info(${quote(table)})`) as { name: string; type: string; notnull: number; dflt_value: string | null }[]
  const given = (name: string) => columns.includes(name)
  return {
    missing: info.filter((c) => c.notnull && !given(c.name) && c.dflt_value === null).map((c) => c.name),
    required: info.filter((c) => c.notnull && given(c.name)).map((c) => c.name),
    typed: info
      .filter((c) => given(c.name))
      .map((c) => ({ name: c.name, affinity: affinityOf(c.type) }))
      .filter((c): c is { name: string; affinity: 'integer' | 'real' } => c.affinity === 'integer' || c.affinity === 'real'),
    checks: checkExpressions(createSql).map((expr) => {
      const named = info.filter((c) => mentions(expr, c.name))
      return {
        expr,
        column: named[0]?.name ?? null,
        absent: named.filter((c) => !given(c.name)).map((c) => ({ name: c.name, dflt: c.dflt_value })),
      }
    }),
  }
}

/** SQL true for a stored value its column's affinity did not make a number (NULL passes: NOT NULL is its own rule). */
export function notTypedSql(column: string, affinity: 'integer' | 'real'): string {
  return `typeof(${quote(column)}) not in ('null', 'integer'${affinity === 'real' ? ", 'real'" : ''})`
}

export const requiredText = (column: string) => `cột ${column} bắt buộc nhưng để trống`

export const typeText = (column: string, affinity: 'integer' | 'real', value: Cell) =>
  `cột ${column} = ${shown(value)}: ${affinity === 'integer' ? 'phải là số nguyên' : 'phải là số'}`

export const checkText = (rule: CheckRule, value: Cell | undefined, shownValue: boolean) =>
  `cột ${rule.column ?? '(nhiều cột)'}${shownValue ? ` = ${shown(value)}` : ''}: ${describeCheck(rule.expr)}`

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
