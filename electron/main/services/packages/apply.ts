import type { ImportPreview } from '@shared/domain/packages'
import type { Kysely } from 'kysely'
import type { ServiceContext } from '../context'
import { dropFromSearchIndex, reindexHouseholds } from '../households/search-index'
import type { CheckedPackage } from './verify'
import type { SnapshotTable } from './snapshot'
import { snapshotSpec, type Cell, type SnapshotSpec } from './snapshot-tables'

type TableDiff = ImportPreview['diff'][number]
type AnyDb = Kysely<Record<string, Record<string, Cell>>>

export interface Plan {
  diff: TableDiff[]
  /** Per table: ids (keyless tables: line hashes) this office had that the new snapshot no longer has. */
  removed: Map<string, string[]>
  /** Per keyless table: the parents whose rows are replaced (the office's parents before and after). */
  parents: Map<string, string[]>
  conflicts: string[]
  supersedes: string | null
}

const marker = (i: number) => `\u0000p${i}`

/** What importing would change, and why it cannot (conflicts). Reads only; run again inside the write. */
export function planImport(ctx: ServiceContext, checked: CheckedPackage): Plan {
  const m = checked.verified.manifest!
  const sqlite = ctx.store.sqlite
  const owned = sqlite.prepare('select row_id, row_hash from package_row_origin where office_code = ? and table_name = ?').raw()
  const ownerOf = sqlite.prepare('select office_code from package_row_origin where table_name = ? and row_id = ?').pluck()
  const diff: TableDiff[] = []
  const removed = new Map<string, string[]>()
  const parents = new Map<string, string[]>()
  const conflicts: string[] = []
  const conflict = (text: string) => void (conflicts.length < 5 && conflicts.push(text))
  const idsOf = new Map(checked.tables.map((t) => [t.table, new Set(t.rows.map((r) => r[t.columns.indexOf('id')] as string))]))
  for (const t of checked.tables) {
    const spec = snapshotSpec(t.table)
    if (!spec?.merge) continue
    const mine = new Map((owned.all(m.office.code, t.table) as [string, string][]).map(([id, h]) => [id, h]))
    const d: TableDiff = { table: t.table, added: 0, changed: 0, removed: 0, unchanged: 0 }
    const seen = new Set<string>()
    const exists = spec.keyless
      ? null
      : sqlite.prepare((ctx.store.db as unknown as AnyDb).selectFrom(t.table).select('id').where('id', '=', '?').compile().sql).pluck()
    const parentAt = spec.parent ? t.columns.indexOf(spec.parent.column) : -1
    const parentIds = spec.parent ? idsOf.get(spec.parent.table) : undefined
    for (let i = 0; i < t.rows.length; i++) {
      const row = t.rows[i]!
      // A row must hang under a parent the same package brings: never under another office's row.
      if (spec.parent && parentAt >= 0 && row[parentAt] !== null && !parentIds?.has(row[parentAt] as string)) {
        conflict(`Bảng ${t.table}: dòng ${i + 1} thuộc ${spec.parent.table} ${String(row[parentAt])} không có trong gói.`)
      }
      const id = spec.keyless ? t.rowHashes[i]! : (row[t.columns.indexOf('id')] as string)
      seen.add(id)
      const before = mine.get(id)
      if (before === undefined) {
        // A new id must not already belong to another office or to the province itself.
        if (exists && exists.get(id) !== undefined) {
          const owner = ownerOf.get(t.table, id) as string | undefined
          conflict(`Bảng ${t.table}: mã định danh ${id} đã thuộc ${owner ? `đơn vị ${owner}` : 'dữ liệu của tỉnh'}.`)
        }
        d.added++
      } else if (before === t.rowHashes[i]) d.unchanged++
      else d.changed++
    }
    const gone = [...mine.keys()].filter((id) => !seen.has(id))
    d.removed = gone.length
    removed.set(t.table, gone)
    if (spec.keyless && spec.parent) {
      const before = (owned.all(m.office.code, spec.parent.table) as [string, string][]).map(([id]) => id)
      parents.set(t.table, [...new Set([...before, ...(parentIds ?? [])])])
    }
    diff.push(d)
  }
  const previous = sqlite
    .prepare("select id from packages_received where office_code = ? and period = ? and status = 'accepted' order by sequence desc limit 1")
    .pluck()
    .get(m.office.code, m.period) as string | undefined
  return { diff, removed, parents, conflicts, supersedes: previous ?? null }
}

/**
 * Writes every table of the plan inside the caller's transaction, then rebuilds the search index
 * of the office's households (their index rows are this database's own, see snapshot-tables.ts).
 */
export function applyPlan(ctx: ServiceContext, checked: CheckedPackage, plan: Plan): void {
  const m = checked.verified.manifest!
  // Households leaving the register leave the search index first (their rowids are read from them).
  dropFromSearchIndex(ctx.store, plan.removed.get('households') ?? [])
  for (const t of checked.tables) {
    const spec = snapshotSpec(t.table)
    if (!spec?.merge) continue
    if (spec.keyless) replaceRows(ctx, spec, t, m.office.code, m.packageId, plan.parents.get(t.table) ?? [])
    else upsertRows(ctx, spec, t, m.office.code, m.packageId, plan.removed.get(t.table) ?? [])
  }
  const households = checked.tables.find((t) => t.table === 'households')
  if (households)
    reindexHouseholds(
      ctx.store,
      households.rows.map((r) => r[households.columns.indexOf('id')] as string),
    )
}

function originStatements(ctx: ServiceContext) {
  const db = ctx.store.db as unknown as AnyDb
  return {
    origin: ctx.store.sqlite.prepare(
      db
        .insertInto('package_row_origin')
        .values({ table_name: marker(0), row_id: marker(1), office_code: marker(2), package_id: marker(3), row_hash: marker(4) })
        .onConflict((oc) =>
          oc.columns(['table_name', 'row_id']).doUpdateSet({ office_code: marker(2), package_id: marker(3), row_hash: marker(4) }),
        )
        .compile().sql,
    ),
    delOrigin: ctx.store.sqlite.prepare(
      db.deleteFrom('package_row_origin').where('table_name', '=', marker(0)).where('row_id', '=', marker(1)).compile().sql,
    ),
  }
}

/** The snapshot's columns plus the ones the receiver derives, and a function giving one row's values in that order. */
function rowShape(spec: SnapshotSpec, t: SnapshotTable, officeCode: string) {
  const columns = [...t.columns, ...(spec.derive?.columns ?? [])]
  const values = (row: Cell[]): Cell[] =>
    spec.derive ? [...row, ...spec.derive.compute((c) => row[t.columns.indexOf(c)] ?? null, officeCode)] : row
  return { columns, values }
}

/** Compiles an insert (optionally an upsert by id) and the order in which to bind a row's values. */
function compiledInsert(ctx: ServiceContext, table: string, columns: string[], upsert: boolean) {
  const db = ctx.store.db as unknown as AnyDb
  const values = Object.fromEntries(columns.map((c, i) => [c, marker(i)]))
  const update = Object.fromEntries(columns.filter((c) => c !== 'id').map((c) => [c, marker(columns.indexOf(c))]))
  const q = upsert
    ? db
        .insertInto(table)
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .compile()
    : db.insertInto(table).values(values).compile()
  // Bind by position: map each compiled parameter back to its column (the update repeats them).
  const order = q.parameters.map((p) => columns.findIndex((_, i) => p === marker(i)))
  if (order.some((i) => i < 0)) throw new Error(`applyTable(${table}): unexpected parameters in ${q.sql}`)
  const stmt = ctx.store.sqlite.prepare(q.sql)
  return (row: Cell[]) => stmt.run(order.map((i) => row[i]))
}

/** Upserts one table's rows by id (statements compiled by Kysely), removes the office's dropped rows, records origins. */
function upsertRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, officeCode: string, packageId: string, gone: string[]) {
  const db = ctx.store.db as unknown as AnyDb
  const shape = rowShape(spec, t, officeCode)
  const write = compiledInsert(ctx, t.table, shape.columns, true)
  const del = ctx.store.sqlite.prepare(db.deleteFrom(t.table).where('id', '=', marker(0)).compile().sql)
  const { origin, delOrigin } = originStatements(ctx)
  const idAt = t.columns.indexOf('id')
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!
    write(shape.values(row))
    origin.run(t.table, row[idAt], officeCode, packageId, t.rowHashes[r], officeCode, packageId, t.rowHashes[r])
  }
  for (const id of gone) {
    del.run(id)
    delOrigin.run(t.table, id)
  }
}

/** Replaces every row under the office's parents with the snapshot's rows (tables without an id). */
function replaceRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, officeCode: string, packageId: string, parents: string[]) {
  const db = ctx.store.db as unknown as AnyDb
  const shape = rowShape(spec, t, officeCode)
  const write = compiledInsert(ctx, t.table, shape.columns, false)
  const clear = ctx.store.sqlite.prepare(db.deleteFrom(t.table).where(spec.parent!.column, '=', marker(0)).compile().sql)
  const clearOrigins = ctx.store.sqlite.prepare(
    db.deleteFrom('package_row_origin').where('office_code', '=', marker(0)).where('table_name', '=', marker(1)).compile().sql,
  )
  const { origin } = originStatements(ctx)
  for (const p of parents) clear.run(p)
  clearOrigins.run(officeCode, t.table)
  for (let r = 0; r < t.rows.length; r++) {
    write(shape.values(t.rows[r]!))
    const h = t.rowHashes[r]!
    origin.run(t.table, h, officeCode, packageId, h, officeCode, packageId, h)
  }
}
