import { ApiError } from '@shared/contract/errors'
import type { ImportPreview } from '@shared/domain/packages'
import { sql, type Kysely } from 'kysely'
import { constraintText } from '../../store/errors'
import type { ServiceContext } from '../context'
import { dropFromSearchIndex, reindexHouseholds } from '../households/search-index'
import type { CheckedPackage } from './verify'
import type { SnapshotTable } from './snapshot'
import { snapshotSpec, type Cell, type SnapshotSpec } from './snapshot-tables'
import { officeProblems, rowChecker, rowName, rowShape, type Office } from './scope'

type TableDiff = ImportPreview['diff'][number]
type AnyDb = Kysely<Record<string, Record<string, Cell>>>

export interface Plan {
  diff: TableDiff[]
  /** Per table: ids (keyless tables: line hashes) this office had that the new snapshot no longer has. */
  removed: Map<string, string[]>
  /** Per table with unique keys: ids of the office's rows the snapshot changes (their keys may move). */
  changed: Map<string, string[]>
  /** Per keyless table: the parents whose rows are replaced (the office's parents before and after). */
  parents: Map<string, string[]>
  conflicts: string[]
  supersedes: string | null
}

const marker = (i: number) => `\u0000p${i}`
/** Conflicts listed one by one; past this many the rest are counted (a hostile package can have millions). */
const LISTED_CONFLICTS = 20

/**
 * What importing would change, and why it cannot (conflicts): rows outside the sender's scope
 * (scope.ts), ids that belong to another office or to the province. Reads only; run by verify and
 * preview, and again inside the import's transaction, so all three judge a package alike.
 */
export function planImport(ctx: ServiceContext, checked: CheckedPackage): Plan {
  const m = checked.verified.manifest!
  const sqlite = ctx.store.sqlite
  const owned = sqlite.prepare('select row_id, row_hash from package_row_origin where office_code = ? and table_name = ?').raw()
  const ownerOf = sqlite.prepare('select office_code from package_row_origin where table_name = ? and row_id = ?').pluck()
  const diff: TableDiff[] = []
  const removed = new Map<string, string[]>()
  const changed = new Map<string, string[]>()
  const parents = new Map<string, string[]>()
  const conflicts: string[] = []
  let unlisted = 0
  const conflict = (text: string) => void (conflicts.length < LISTED_CONFLICTS ? conflicts.push(text) : unlisted++)
  officeProblems(ctx, m, checked.tables).forEach(conflict)
  const idsOf = new Map(checked.tables.map((t) => [t.table, new Set(t.rows.map((r) => r[t.columns.indexOf('id')] as string))]))
  for (const t of checked.tables) {
    const spec = snapshotSpec(t.table)
    if (!spec?.merge) continue
    const mine = new Map((owned.all(m.office.code, t.table) as [string, string][]).map(([id, h]) => [id, h]))
    const d: TableDiff = { table: t.table, added: 0, changed: 0, removed: 0, unchanged: 0 }
    const seen = new Set<string>()
    const moved: string[] = []
    const exists = spec.keyless
      ? null
      : sqlite.prepare((ctx.store.db as unknown as AnyDb).selectFrom(t.table).select('id').where('id', '=', '?').compile().sql).pluck()
    const scope = rowChecker(ctx, spec, t, m.office, idsOf)
    for (let i = 0; i < t.rows.length; i++) {
      const row = t.rows[i]!
      scope(i).forEach(conflict)
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
      else {
        d.changed++
        if (spec.unique && !spec.keyless) moved.push(id)
      }
    }
    const gone = [...mine.keys()].filter((id) => !seen.has(id))
    d.removed = gone.length
    removed.set(t.table, gone)
    changed.set(t.table, moved)
    if (spec.keyless && spec.parent) {
      const before = (owned.all(m.office.code, spec.parent.table) as [string, string][]).map(([id]) => id)
      parents.set(t.table, [...new Set([...before, ...(idsOf.get(spec.parent.table) ?? [])])])
    }
    diff.push(d)
  }
  if (unlisted) conflicts.push(`Còn ${unlisted} dòng khác bị từ chối (không liệt kê hết).`)
  const previous = sqlite
    .prepare("select id from packages_received where office_code = ? and period = ? and status = 'accepted' order by sequence desc limit 1")
    .pluck()
    .get(m.office.code, m.period) as string | undefined
  return { diff, removed, changed, parents, conflicts, supersedes: previous ?? null }
}

/**
 * Writes every table of the plan inside the caller's transaction, then rebuilds the search index
 * of the office's households (their index rows are this database's own, see snapshot-tables.ts).
 * SQLite checks unique keys row by row, so the order matters: rows the office removed go first and
 * the keys of its changed rows are set aside, so that a new row may take a removed row's code and
 * two rows may swap codes. Foreign keys are deferred to the commit.
 */
export function applyPlan(ctx: ServiceContext, checked: CheckedPackage, plan: Plan): void {
  const m = checked.verified.manifest!
  // Households leaving the register leave the search index first (their rowids are read from them).
  dropFromSearchIndex(ctx.store, plan.removed.get('households') ?? [])
  const merged = checked.tables.filter((t) => snapshotSpec(t.table)?.merge)
  for (const t of [...merged].reverse()) {
    if (!snapshotSpec(t.table)!.keyless) removeRows(ctx, t.table, plan.removed.get(t.table) ?? [])
  }
  for (const t of merged) {
    const spec = snapshotSpec(t.table)!
    if (spec.keyless) replaceRows(ctx, spec, t, m.office, m.packageId, plan.parents.get(t.table) ?? [])
    else {
      setKeysAside(ctx, spec, t, m.office, plan.changed.get(t.table) ?? [])
      upsertRows(ctx, spec, t, m.office, m.packageId)
    }
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

/** Upserts one table's rows by id (statements compiled by Kysely) and records their origin. */
function upsertRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office, packageId: string) {
  const shape = rowShape(spec, t, office)
  const write = compiledInsert(ctx, t.table, shape.columns, true)
  const { origin } = originStatements(ctx)
  const idAt = t.columns.indexOf('id')
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]!
    guarded(spec, t, r, () => write(shape.values(row)))
    origin.run(t.table, row[idAt], office.code, packageId, t.rowHashes[r], office.code, packageId, t.rowHashes[r])
  }
}

/** Deletes the rows the office no longer has, with their origins. */
function removeRows(ctx: ServiceContext, table: string, gone: string[]) {
  const db = ctx.store.db as unknown as AnyDb
  const del = ctx.store.sqlite.prepare(db.deleteFrom(table).where('id', '=', marker(0)).compile().sql)
  const { delOrigin } = originStatements(ctx)
  for (const id of gone) {
    del.run(id)
    delOrigin.run(table, id)
  }
}

/**
 * Moves the unique keys of the changed rows whose key changes out of the way (the first column of
 * each key becomes "\0<id>", unique and never a real value) until their upsert writes the new
 * values. Those first columns are text: a code, an office id, a parent id (foreign keys are only
 * checked at commit). Rows that keep their keys (most changes: a new class, a new member) are only
 * read, not written twice.
 */
function setKeysAside(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office, ids: string[]) {
  if (!ids.length || !spec.unique?.length) return
  const db = ctx.store.db as unknown as AnyDb
  const shape = rowShape(spec, t, office)
  const keyColumns = [...new Set(spec.unique.flatMap((u) => u.columns))]
  const at = keyColumns.map((c) => shape.columns.indexOf(c))
  const stored = ctx.store.sqlite.prepare(db.selectFrom(spec.table).select(keyColumns).where('id', '=', marker(0)).compile().sql).raw()
  const firsts = [...new Set(spec.unique.map((u) => u.columns[0]!))]
  const aside = Object.fromEntries(firsts.map((c) => [c, sql<string>`char(0) || ${sql.ref('id')}`]))
  const move = ctx.store.sqlite.prepare(db.updateTable(spec.table).set(aside).where('id', '=', marker(0)).compile().sql)
  const rowOf = new Map(t.rows.map((r) => [r[t.columns.indexOf('id')] as string, r]))
  for (const id of ids) {
    const now = stored.get(id) as Cell[] | undefined
    const next = shape.values(rowOf.get(id)!)
    if (now && at.some((a, i) => now[i] !== next[a])) move.run(id)
  }
}

/**
 * The checks in planImport foresee every constraint the province's schema sets (CHECK rules and
 * types too, store/value-rules.ts); should SQLite still refuse a row, the refusal names the table,
 * the row and the kind of constraint, in Vietnamese (never SQLite's own text).
 */
function guarded(spec: SnapshotSpec, t: SnapshotTable, r: number, write: () => unknown) {
  try {
    write()
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT'))) throw e
    throw new ApiError(
      'CONFLICT',
      `Gói bị từ chối, không nhập gì: Bảng ${t.table}, ${rowName(spec, t, r)}: cơ sở dữ liệu của tỉnh không nhận dòng này (${constraintText(e)}).`,
    )
  }
}

/** Replaces every row under the office's parents with the snapshot's rows (tables without an id). */
function replaceRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office, packageId: string, parents: string[]) {
  const db = ctx.store.db as unknown as AnyDb
  const shape = rowShape(spec, t, office)
  const write = compiledInsert(ctx, t.table, shape.columns, false)
  const clear = ctx.store.sqlite.prepare(db.deleteFrom(t.table).where(spec.parent!.column, '=', marker(0)).compile().sql)
  const clearOrigins = ctx.store.sqlite.prepare(
    db.deleteFrom('package_row_origin').where('office_code', '=', marker(0)).where('table_name', '=', marker(1)).compile().sql,
  )
  const { origin } = originStatements(ctx)
  for (const p of parents) clear.run(p)
  clearOrigins.run(office.code, t.table)
  for (let r = 0; r < t.rows.length; r++) {
    guarded(spec, t, r, () => write(shape.values(t.rows[r]!)))
    const h = t.rowHashes[r]!
    origin.run(t.table, h, office.code, packageId, h, office.code, packageId, h)
  }
}
