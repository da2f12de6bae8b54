import type { Manifest } from '@shared/domain/packages'
import { checkText, columnRules, notTypedSql, requiredText, typeText } from '../../store/value-rules'
import type { ServiceContext } from '../context'
import type { SnapshotTable } from './snapshot'
import { refsOf, type Cell, type SnapshotSpec } from './snapshot-tables'
import { ident, Staging } from './staging'

/**
 * The sending office's scope at the province. A trusted office signs for its own data only: every
 * row must name the office itself as owner and point only at rows the same package brings (its own
 * units, agencies, tasks, households). Otherwise a validly signed package could hang its villages
 * under another office's commune, or take another office's household codes so that the other
 * office's next package fails at SQLite. These checks run wherever a package is judged (verify,
 * preview, import: planImport in apply.ts), so "valid" means "will import".
 */

export type Office = Manifest['office']

/** The row as the province writes it: derived columns appended, an empty owner read as the sender. */
export function rowShape(spec: SnapshotSpec, t: Pick<SnapshotTable, 'columns'>, office: Office) {
  const columns = [...t.columns, ...(spec.derive?.columns ?? [])]
  const ownerAt = spec.office ? t.columns.indexOf(spec.office) : -1
  const values = (row: Cell[]): Cell[] => {
    const out = spec.derive ? [...row, ...spec.derive.compute((c) => row[t.columns.indexOf(c)] ?? null, office.code)] : [...row]
    // '' = a row written before offices had ids (migration 0002): the sender's, stored as such.
    if (ownerAt >= 0 && out[ownerAt] === '') out[ownerAt] = office.id
    return out
  }
  return { columns, values }
}

/** "dòng 3 (mã định danh …)": rows are counted from the first data line of the table's file. */
export function rowName(spec: SnapshotSpec, i: number, id: Cell | undefined): string {
  return `dòng ${i + 1}${!spec.keyless && id ? ` (mã định danh ${String(id)})` : ''}`
}

/** Rows read from a staged table per query: the plan and the import walk a table of any size with this many rows in memory. */
export const STAGE_READ_ROWS = 2_000

/**
 * A staged table's rows in order, as `[n, hash, ...shaped values]`, a chunk of STAGE_READ_ROWS at
 * a time: each chunk is read whole (no cursor stays open), so the caller may write between chunks.
 */
export function* stagedRows(ctx: ServiceContext, t: SnapshotTable, after = -1): Generator<Cell[]> {
  const read = ctx.store.sqlite.prepare(`select * from ${Staging.table(t.table)} where _n > ? order by _n limit ${STAGE_READ_ROWS}`).raw()
  for (let last = after; ;) {
    const chunk = read.all(last) as Cell[][]
    if (!chunk.length) return
    for (const row of chunk) yield row
    last = chunk[chunk.length - 1]![0] as number
  }
}

/**
 * The office profile id a package speaks for (its rows' owner) must be the sender's alone: the
 * profile in the package and the manifest agree, and the id is neither the province's own nor one
 * the province already received from another office code. Office ids are random UUIDs, so another
 * office cannot guess one it has not seen.
 */
export function officeProblems(ctx: ServiceContext, m: Manifest, tables: readonly SnapshotTable[]): string[] {
  const problems: string[] = []
  const profile = tables.find((t) => t.table === 'office')
  // Staged rows carry their number and hash first.
  const at = (c: string) => (profile ? profile.shaped.indexOf(c) + 2 : -1)
  const row = profile?.rows === 1 ? (stagedRows(ctx, profile).next().value ?? null) : null
  if (!row || row[at('id')] !== m.office.id || row[at('code')] !== m.office.code) {
    problems.push(
      `Bảng office: hồ sơ đơn vị trong gói (${profile?.rows ?? 0} dòng${row ? `, ${String(row[at('id')])}, mã ${String(row[at('code')])}` : ''}) ` +
        `không khớp với manifest (${m.office.id}, mã ${m.office.code}).`,
    )
  }
  const own = ctx.store.sqlite.prepare('select id from office').pluck().get() as string | undefined
  if (own === m.office.id) problems.push(`Gói ghi mã định danh đơn vị ${m.office.id}, là của chính cơ sở dữ liệu tỉnh: không nhận.`)
  const other = officeCodeOf(ctx, m.office.id, m.office.code)
  if (other) {
    problems.push(
      `Mã định danh đơn vị ${m.office.id} trong gói đã thuộc đơn vị ${other} (theo các gói tỉnh đã nhận): ` +
        `đơn vị ${m.office.code} không gửi dữ liệu thay đơn vị khác.`,
    )
  }
  return problems
}

/** The office code whose accepted packages carried this office id, other than `except`. */
function officeCodeOf(ctx: ServiceContext, officeId: string, except: string): string | undefined {
  return ctx.store.sqlite
    .prepare(
      `select office_code from packages_received where status in ('accepted', 'superseded')
         and office_code <> ? and json_extract(manifest_json, '$.office.id') = ? limit 1`,
    )
    .pluck()
    .get(except, officeId) as string | undefined
}

/**
 * Checks one table's staged rows: owner, references, values (required, of the column's type,
 * within its CHECK rules: store/value-rules.ts reads them from the province's own schema) and
 * unique keys. Yields the reasons rows cannot be imported, in row order (none when all can). Each
 * kind of check is one SQL condition over the whole staged table (staged with the province's
 * declared types, so values have the affinity the insert would give them), joined against the
 * other staged tables for references and grouped for repeated keys: SQLite walks the table once
 * per check with its indexes, and only the rows refused come back to JavaScript. Per-row lookups
 * from JavaScript (three to six statements a row) were most of a province's import time.
 */
export function* tableConflicts(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office): Generator<string> {
  const S = Staging.table(t.table)
  const id = spec.keyless ? 'null' : `s.${ident('id')}`
  const rules = columnRules(ctx.store.sqlite, t.table, t.shaped)
  // Each part selects (row number, row id, a, b) for the rows it refuses and says why in words.
  const parts: { sql: string; params: Cell[]; why: (a: Cell, b: Cell) => string }[] = []
  for (const c of rules.missing) parts.push({ sql: `select s._n, ${id}, null, null from ${S} s`, params: [], why: () => requiredText(c) })
  for (const c of rules.required)
    parts.push({ sql: `select s._n, ${id}, null, null from ${S} s where s.${ident(c)} is null`, params: [], why: () => requiredText(c) })
  for (const c of rules.typed) {
    parts.push({
      sql: `select s._n, ${id}, s.${ident(c.name)}, null from ${S} s where ${notTypedSql(c.name, c.affinity)}`,
      params: [],
      why: (a) => typeText(c.name, c.affinity, a),
    })
  }
  for (const k of rules.checks) {
    // Columns the rows leave out take their default, as the insert would give them.
    const from = k.absent.length ? `(select *, ${k.absent.map((c) => `${c.dflt ?? 'null'} as ${ident(c.name)}`).join(', ')} from ${S})` : S
    const shownValue = k.column !== null && t.shaped.includes(k.column)
    parts.push({
      sql: `select s._n, ${id}, ${shownValue ? `s.${ident(k.column!)}` : 'null'}, null from ${from} s where ifnull(not (${k.expr}), 0)`,
      params: [],
      why: (a) => checkText(k, a, shownValue),
    })
  }
  // An empty owner was read as the sender when staged (rowShape).
  let names: Map<string, string> | undefined // read only when a row names another office
  if (spec.office && t.shaped.includes(spec.office)) {
    const owner = spec.office
    parts.push({
      sql: `select s._n, ${id}, s.${ident(owner)}, null from ${S} s where s.${ident(owner)} is not ?`,
      params: [office.id],
      why: (a) => {
        const other = (names ??= officeNames(ctx)).get(String(a))
        return `cột ${owner} ghi đơn vị ${String(a)}${other ? ` (đơn vị ${other})` : ''}, không phải đơn vị gửi gói ${office.code}`
      },
    })
  }
  for (const r of refsOf(spec).filter((r) => t.shaped.includes(r.column))) {
    parts.push({
      sql: `select s._n, ${id}, s.${ident(r.column)}, null from ${S} s
             where s.${ident(r.column)} is not null and not exists (select 1 from ${Staging.table(r.table)} p where p.${ident('id')} = s.${ident(r.column)})`,
      params: [],
      why: (a) => `cột ${r.column} trỏ tới ${r.table} ${String(a)}, không có trong gói (không phải của đơn vị ${office.code})`,
    })
  }
  for (const u of (spec.unique ?? []).filter((u) => u.columns.every((c) => t.shaped.includes(c)))) {
    // SQLite's unique indexes never see two NULLs as equal: a key with a NULL repeats nothing.
    const keyed = [...u.columns.map((c) => `${ident(c)} is not null`), ...(u.nonEmpty ? [`${ident(u.nonEmpty)} <> ''`] : [])].join(' and ')
    const firsts = `select min(_n) as n, ${u.columns.map(ident).join(', ')} from ${S} where ${keyed} group by ${u.columns.map(ident).join(', ')} having count(*) > 1`
    parts.push({
      sql: `select s._n, ${id}, f.n, (select ${spec.keyless ? 'null' : ident('id')} from ${S} where _n = f.n) from ${S} s join (${firsts}) f
              on ${u.columns.map((c) => `s.${ident(c)} = f.${ident(c)}`).join(' and ')} where s._n > f.n`,
      params: [],
      why: (a, b) => `trùng (${u.columns.join(', ')}) với ${rowName(spec, a as number, b)}`,
    })
  }
  if (!parts.length) return
  const sql = parts.map((p, k) => `select * from (select ${k} as k, * from (${p.sql}))`).join(' union all ')
  const found = ctx.store.sqlite
    .prepare(`select * from (${sql}) order by 2, 1`)
    .raw()
    .iterate(...parts.flatMap((p) => p.params)) as Iterable<[number, number, Cell, Cell, Cell]>
  for (const [k, n, rowId, a, b] of found) yield `Bảng ${t.table}, ${rowName(spec, n, rowId)}: ${parts[k]!.why(a, b)}.`
}

/** Office ids the province has received, with their office codes (to name the office a row points at). */
function officeNames(ctx: ServiceContext): Map<string, string> {
  const rows = ctx.store.sqlite
    .prepare("select distinct json_extract(manifest_json, '$.office.id') as id, office_code as code from packages_received")
    .all() as { id: string; code: string }[]
  return new Map(rows.map((r) => [r.id, r.code]))
}
