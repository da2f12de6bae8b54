import { ApiError } from '@shared/contract/errors'
import type { ImportPreview } from '@shared/domain/packages'
import { constraintText } from '../../store/errors'
import { householdWriter } from '../../store/households'
import type { ServiceContext } from '../context'
import type { CheckedPackage } from './verify'
import type { SnapshotTable } from './snapshot'
import { snapshotSpec, type Cell, type SnapshotSpec } from './snapshot-tables'
import { officeProblems, rowName, STAGE_READ_ROWS, stagedRows, tableConflicts, type Office } from './scope'
import { ident, Staging } from './staging'

type TableDiff = ImportPreview['diff'][number]

export interface Plan {
  diff: TableDiff[]
  conflicts: string[]
  supersedes: string | null
}

/** Conflicts listed one by one; past this many the rest are counted (a hostile package can have millions). */
const LISTED_CONFLICTS = 20

/*
 * The plan and the import are SQL over the register and the staged package (staging.ts, attached
 * as `goi_nhap`): sets of ids, diffs and deletions are joins, never JavaScript sets, so memory does
 * not grow with the package. Identifiers in the SQL below come from SNAPSHOT_TABLES and the
 * register's schema (ident() quotes them); every value is a bound parameter.
 */

/** The expression naming a staged row as package_row_origin records it: its id, or (tables without one) its line's hash. */
const rowKey = (spec: SnapshotSpec, alias: string) => (spec.keyless ? `${alias}._h` : `${alias}.${ident('id')}`)

/**
 * What importing would change, and why it cannot (conflicts): rows outside the sender's scope
 * (scope.ts), ids that belong to another office or to the province. Reads only; run by verify and
 * preview, and again inside the import's transaction, so all three judge a package alike.
 */
export function planImport(ctx: ServiceContext, checked: CheckedPackage): Plan {
  const m = checked.verified.manifest!
  const sqlite = ctx.store.sqlite
  const diff: TableDiff[] = []
  const conflicts: string[] = []
  let unlisted = 0
  const conflict = (text: string) => void (conflicts.length < LISTED_CONFLICTS ? conflicts.push(text) : unlisted++)
  officeProblems(ctx, m, checked.tables).forEach(conflict)
  for (const t of checked.tables) {
    const spec = snapshotSpec(t.table)
    if (!spec?.merge) continue
    const S = Staging.table(t.table)
    for (const text of tableConflicts(ctx, spec, t, m.office)) conflict(text)
    const [added, unchanged, changed] = sqlite
      .prepare(
        `select coalesce(sum(o.row_hash is null), 0), coalesce(sum(o.row_hash = s._h), 0), coalesce(sum(o.row_hash <> s._h), 0)
           from ${S} s left join package_row_origin o
             on o.table_name = ? and o.row_id = ${rowKey(spec, 's')} and o.office_code = ?`,
      )
      .raw()
      .get(t.table, m.office.code) as number[]
    const removed = sqlite
      .prepare(
        `select count(*) from package_row_origin o where o.office_code = ? and o.table_name = ?
           and not exists (select 1 from ${S} s where ${rowKey(spec, 's')} = o.row_id)`,
      )
      .pluck()
      .get(m.office.code, t.table) as number
    diff.push({ table: t.table, added: added!, changed: changed!, removed, unchanged: unchanged! })
    if (!spec.keyless) {
      // A new id must not already belong to another office or to the province itself.
      const taken = sqlite
        .prepare(
          `select s.${ident('id')}, (select office_code from package_row_origin where table_name = ? and row_id = s.${ident('id')})
             from ${S} s join main.${ident(t.table)} x on x.${ident('id')} = s.${ident('id')}
            where not exists (select 1 from package_row_origin o where o.table_name = ? and o.row_id = s.${ident('id')} and o.office_code = ?)
            order by s._n`,
        )
        .raw()
      for (const [id, owner] of taken.iterate(t.table, t.table, m.office.code) as Iterable<[string, string | null]>) {
        conflict(`Bảng ${t.table}: mã định danh ${id} đã thuộc ${owner ? `đơn vị ${owner}` : 'dữ liệu của tỉnh'}.`)
      }
    }
  }
  if (unlisted) conflicts.push(`Còn ${unlisted} dòng khác bị từ chối (không liệt kê hết).`)
  const previous = sqlite
    .prepare("select id from packages_received where office_code = ? and period = ? and status = 'accepted' order by sequence desc limit 1")
    .pluck()
    .get(m.office.code, m.period) as string | undefined
  return { diff, conflicts, supersedes: previous ?? null }
}

/**
 * Writes every table of the plan inside the caller's transaction, then rebuilds the search index
 * of the office's households (their index rows are this database's own, see snapshot-tables.ts).
 * SQLite checks unique keys row by row, so the order matters: rows without an id under the
 * office's parents (before and after) are cleared first, rows the office removed go next, and the
 * keys of its changed rows are set aside, so that a new row may take a removed row's code and two
 * rows may swap codes. Foreign keys are deferred to the commit.
 */
export function applyPlan(ctx: ServiceContext, checked: CheckedPackage, _plan: Plan): void {
  const m = checked.verified.manifest!
  const sqlite = ctx.store.sqlite
  const merged = checked.tables.filter((t) => snapshotSpec(t.table)?.merge)
  const households = merged.find((t) => t.table === 'households')
  const writer = householdWriter(ctx.store)
  // Households leaving the register leave the search index first (their rowids are read from them).
  if (households) {
    const gone = sqlite
      .prepare(
        `select o.row_id from package_row_origin o where o.office_code = ? and o.table_name = 'households' and o.row_id > ?
           and not exists (select 1 from ${Staging.table('households')} s where s.${ident('id')} = o.row_id)
         order by o.row_id limit ${STAGE_READ_ROWS}`,
      )
      .pluck()
    for (let ids = gone.all(m.office.code, '') as string[]; ids.length; ids = gone.all(m.office.code, ids[ids.length - 1]!) as string[])
      writer.dropFromIndex(ids)
  }
  // Rows without an id are replaced as a set under the office's parents: those it had (recorded
  // before anything below changes the origins) and those the package brings.
  for (const t of merged) {
    const spec = snapshotSpec(t.table)!
    if (!spec.keyless || !spec.parent) continue
    const col = ident(spec.parent.column)
    sqlite
      .prepare(
        `delete from main.${ident(t.table)} where ${col} in (select row_id from package_row_origin where office_code = ? and table_name = ?)
            or ${col} in (select ${ident('id')} from ${Staging.table(spec.parent.table)})`,
      )
      .run(m.office.code, spec.parent.table)
    sqlite.prepare('delete from package_row_origin where office_code = ? and table_name = ?').run(m.office.code, t.table)
  }
  for (const t of [...merged].reverse()) {
    const spec = snapshotSpec(t.table)!
    if (!spec.keyless) removeRows(ctx, spec, t, m.office)
  }
  for (const t of merged) {
    const spec = snapshotSpec(t.table)!
    if (!spec.keyless) setKeysAside(ctx, spec, t)
    writeRows(ctx, spec, t, m.office, m.packageId)
  }
  // The household family's derived search columns are this database's: the writer rebuilds them.
  if (households) writer.reindexReceived(Staging.table('households'))
}

/** Deletes the rows the office had and the package no longer has, with their origins. */
function removeRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office) {
  const sqlite = ctx.store.sqlite
  const gone = `select o.row_id from package_row_origin o where o.office_code = ? and o.table_name = ?
                  and not exists (select 1 from ${Staging.table(t.table)} s where s.${ident('id')} = o.row_id)`
  sqlite.prepare(`delete from main.${ident(t.table)} where ${ident('id')} in (${gone})`).run(office.code, t.table)
  sqlite.prepare(`delete from package_row_origin where table_name = ? and row_id in (${gone})`).run(t.table, office.code, t.table)
}

/**
 * Moves the unique keys of the rows whose key changes out of the way (the first column of each key
 * becomes "\0<id>", unique and never a real value) until their upsert writes the new values. Those
 * first columns are text: a code, an office id, a parent id (foreign keys are only checked at
 * commit). Rows that keep their keys (most changes: a new class, a new member) are not touched.
 */
function setKeysAside(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable) {
  if (!spec.unique?.length) return
  const keyColumns = [...new Set(spec.unique.flatMap((u) => u.columns))]
  const firsts = [...new Set(spec.unique.map((u) => u.columns[0]!))]
  const T = `main.${ident(t.table)}`
  ctx.store.sqlite
    .prepare(
      `update ${T} set ${firsts.map((c) => `${ident(c)} = char(0) || ${ident('id')}`).join(', ')}
        where ${ident('id')} in (select s.${ident('id')} from ${Staging.table(t.table)} s join ${T} x on x.${ident('id')} = s.${ident('id')}
                                  where ${keyColumns.map((c) => `x.${ident(c)} is not s.${ident(c)}`).join(' or ')})`,
    )
    .run()
}

/**
 * Writes the staged rows (upserted by id; rows without an id inserted) and records each row's
 * origin, in one statement each. The checks in planImport foresee every constraint the province's
 * schema sets (CHECK rules and types too, store/value-rules.ts); should SQLite still refuse a row,
 * the rows are written again one at a time to find it, and the refusal names the table, the row
 * and the kind of constraint, in Vietnamese (never SQLite's own text).
 */
function writeRows(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, office: Office, packageId: string) {
  const sqlite = ctx.store.sqlite
  const cols = t.shaped.map(ident).join(', ')
  const update = t.shaped
    .filter((c) => c !== 'id')
    .map((c) => `${ident(c)} = excluded.${ident(c)}`)
    .join(', ')
  const upsert = spec.keyless ? '' : ` on conflict (${ident('id')}) do update set ${update}`
  try {
    // "where true": SQLite's rule for an upsert fed by a select.
    sqlite.prepare(`insert into main.${ident(t.table)} (${cols}) select ${cols} from ${Staging.table(t.table)} where true${upsert}`).run()
  } catch (e) {
    if (!isConstraint(e)) throw e
    findRefusedRow(ctx, spec, t, cols, upsert, e)
  }
  sqlite
    .prepare(
      `insert into package_row_origin (table_name, row_id, office_code, package_id, row_hash)
         select ?, ${rowKey(spec, 's')}, ?, ?, s._h from ${Staging.table(t.table)} s where true
         on conflict (table_name, row_id) do update set office_code = excluded.office_code, package_id = excluded.package_id, row_hash = excluded.row_hash`,
    )
    .run(t.table, office.code, packageId)
}

function isConstraint(e: unknown): e is Error {
  return e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT')
}

/** Writes the rows one at a time (the failed statement left nothing behind) until SQLite names the one it refuses. */
function findRefusedRow(ctx: ServiceContext, spec: SnapshotSpec, t: SnapshotTable, cols: string, upsert: string, first: Error): never {
  const write = ctx.store.sqlite.prepare(
    `insert into main.${ident(t.table)} (${cols}) values (${t.shaped.map(() => '?').join(', ')})${upsert.replace(/excluded\./g, 'excluded.')}`,
  )
  const idAt = spec.keyless ? -1 : t.shaped.indexOf('id') + 2
  for (const row of stagedRows(ctx, t)) {
    try {
      write.run(row.slice(2))
    } catch (e) {
      if (!isConstraint(e)) throw e
      throw refusal(spec, t, row[0] as number, idAt >= 0 ? (row[idAt] ?? null) : null, e)
    }
  }
  throw refusal(spec, t, -1, null, first)
}

function refusal(spec: SnapshotSpec, t: SnapshotTable, n: number, id: Cell, e: Error): ApiError {
  const where = n >= 0 ? `, ${rowName(spec, n, id)}` : ''
  return new ApiError(
    'CONFLICT',
    `Gói bị từ chối, không nhập gì: Bảng ${t.table}${where}: cơ sở dữ liệu của tỉnh không nhận dòng này (${constraintText(e)}).`,
  )
}
