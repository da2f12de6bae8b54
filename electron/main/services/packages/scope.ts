import type { Manifest } from '@shared/domain/packages'
import { valueRules } from '../../store/value-rules'
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
 * unique keys. Returns, per staged row (`[n, hash, ...shaped]`), the reasons it cannot be imported
 * (empty when it can). References and repeated keys are looked up in the staging database (every
 * table of the package is staged before any is checked), so nothing grows with the package.
 */
export function rowChecker(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office): (row: Cell[]) => string[] {
  const sqlite = ctx.store.sqlite
  const col = (c: string) => t.shaped.indexOf(c) + 2
  const idAt = spec.keyless ? -1 : col('id')
  const refs = refsOf(spec)
    .filter((r) => t.shaped.includes(r.column))
    .map((r) => ({
      ...r,
      at: col(r.column),
      has: sqlite.prepare(`select 1 from ${Staging.table(r.table)} where ${ident('id')} = ?`).pluck(),
    }))
  const ownerAt = spec.office ? col(spec.office) : -1
  // The row as the province writes it (derived columns included) against the table's own rules.
  const values = valueRules(ctx.store.sqlite, t.table, t.shaped)
  const keys = (spec.unique ?? [])
    .filter((u) => u.columns.every((c) => t.shaped.includes(c)))
    .map((u) => ({
      ...u,
      at: u.columns.map(col),
      skipAt: u.nonEmpty ? col(u.nonEmpty) : -1,
      // The first row with the same key (the staging table has an index per unique key).
      first: sqlite
        .prepare(
          `select _n, ${spec.keyless ? 'null' : ident('id')} from ${Staging.table(t.table)} where ${u.columns.map((c) => `${ident(c)} = ?`).join(' and ')} order by _n limit 1`,
        )
        .raw(),
    }))
  let names: Map<string, string> | undefined // read only when a row names another office
  return (row) => {
    const n = row[0] as number
    const where = `Bảng ${t.table}, ${rowName(spec, n, idAt >= 0 ? row[idAt] : null)}`
    const why = values(row.slice(2)).map((problem) => `${where}: ${problem}.`)
    // An empty owner was read as the sender when staged (rowShape).
    if (ownerAt >= 0 && row[ownerAt] !== office.id) {
      const other = (names ??= officeNames(ctx)).get(String(row[ownerAt]))
      why.push(
        `${where}: cột ${spec.office} ghi đơn vị ${String(row[ownerAt])}${other ? ` (đơn vị ${other})` : ''}, ` +
          `không phải đơn vị gửi gói ${office.code}.`,
      )
    }
    for (const r of refs) {
      const value = row[r.at]
      if (value !== null && value !== undefined && r.has.get(String(value)) === undefined) {
        why.push(
          `${where}: cột ${r.column} trỏ tới ${r.table} ${String(value)}, không có trong gói (không phải của đơn vị ${office.code}).`,
        )
      }
    }
    for (const k of keys) {
      if (k.skipAt >= 0 && row[k.skipAt] === '') continue
      // SQLite's unique indexes never see two NULLs as equal: a key with a NULL repeats nothing.
      if (k.at.some((a) => row[a] === null)) continue
      const first = k.first.get(...k.at.map((a) => row[a])) as [number, Cell] | undefined
      if (first && first[0] < n) why.push(`${where}: trùng (${k.columns.join(', ')}) với ${rowName(spec, first[0], first[1])}.`)
    }
    return why
  }
}

/** Office ids the province has received, with their office codes (to name the office a row points at). */
function officeNames(ctx: ServiceContext): Map<string, string> {
  const rows = ctx.store.sqlite
    .prepare("select distinct json_extract(manifest_json, '$.office.id') as id, office_code as code from packages_received")
    .all() as { id: string; code: string }[]
  return new Map(rows.map((r) => [r.id, r.code]))
}
