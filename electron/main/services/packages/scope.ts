import type { Manifest } from '@shared/domain/packages'
import { valueRules } from '../../store/value-rules'
import type { ServiceContext } from '../context'
import type { SnapshotTable } from './snapshot'
import { refsOf, type Cell, type SnapshotSpec } from './snapshot-tables'

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
export function rowShape(spec: SnapshotSpec, t: SnapshotTable, office: Office) {
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
export function rowName(spec: SnapshotSpec, t: SnapshotTable, i: number): string {
  const id = spec.keyless ? null : t.rows[i]![t.columns.indexOf('id')]
  return `dòng ${i + 1}${id ? ` (mã định danh ${String(id)})` : ''}`
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
  const at = (c: string) => profile?.columns.indexOf(c) ?? -1
  const row = profile?.rows.length === 1 ? profile.rows[0]! : null
  if (!row || row[at('id')] !== m.office.id || row[at('code')] !== m.office.code) {
    problems.push(
      `Bảng office: hồ sơ đơn vị trong gói (${profile?.rows.length ?? 0} dòng${row ? `, ${String(row[at('id')])}, mã ${String(row[at('code')])}` : ''}) ` +
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
 * Checks one table's rows: owner, references, values (required, of the column's type, within its
 * CHECK rules: store/value-rules.ts reads them from the province's own schema) and unique keys.
 * Returns, per row, the reasons it cannot be imported (empty when it can). `ids` holds the ids of
 * every table of the package.
 */
export function rowChecker(
  ctx: ServiceContext,
  spec: SnapshotSpec,
  t: SnapshotTable,
  office: Office,
  ids: ReadonlyMap<string, ReadonlySet<string>>,
): (i: number) => string[] {
  const shape = rowShape(spec, t, office)
  const refs = refsOf(spec).map((r) => ({ ...r, at: t.columns.indexOf(r.column), ids: ids.get(r.table) }))
  const ownerAt = spec.office ? t.columns.indexOf(spec.office) : -1
  // The row as the province writes it (derived columns included) against the table's own rules.
  const values = valueRules(ctx.store.sqlite, t.table, shape.columns)
  const keys = (spec.unique ?? []).map((u) => ({
    ...u,
    at: u.columns.map((c) => shape.columns.indexOf(c)),
    skipAt: u.nonEmpty ? shape.columns.indexOf(u.nonEmpty) : -1,
    seen: new Map<string, number>(),
  }))
  let names: Map<string, string> | undefined // read only when a row names another office
  return (i) => {
    const row = t.rows[i]!
    const where = `Bảng ${t.table}, ${rowName(spec, t, i)}`
    const shaped = shape.values(row)
    const why = values(shaped).map((problem) => `${where}: ${problem}.`)
    if (ownerAt >= 0 && row[ownerAt] !== office.id && row[ownerAt] !== '') {
      const other = (names ??= officeNames(ctx)).get(String(row[ownerAt]))
      why.push(
        `${where}: cột ${spec.office} ghi đơn vị ${String(row[ownerAt])}${other ? ` (đơn vị ${other})` : ''}, ` +
          `không phải đơn vị gửi gói ${office.code}.`,
      )
    }
    for (const r of refs) {
      const value = r.at >= 0 ? row[r.at] : null
      if (value !== null && value !== undefined && !r.ids?.has(String(value))) {
        why.push(
          `${where}: cột ${r.column} trỏ tới ${r.table} ${String(value)}, không có trong gói (không phải của đơn vị ${office.code}).`,
        )
      }
    }
    if (keys.length) {
      for (const k of keys) {
        if (k.at.some((a) => a < 0) || (k.skipAt >= 0 && shaped[k.skipAt] === '')) continue
        const key = JSON.stringify(k.at.map((a) => shaped[a]))
        const first = k.seen.get(key)
        if (first === undefined) k.seen.set(key, i)
        else why.push(`${where}: trùng (${k.columns.join(', ')}) với ${rowName(spec, t, first)}.`)
      }
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
