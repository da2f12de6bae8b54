import { nameKey } from '../plans/keys'

export type Cell = string | number | null

/**
 * One table a package carries.
 * - `merge: false` travels for information only (the sender's own profile is never merged).
 * - `omit`: columns the receiving database derives for itself and must not take from the sender
 *   (`households.search_rowid` and `search_text` belong to the sender's own search index; two offices' keys
 *   collide at the province's unique index). They are left out of the snapshot and rebuilt.
 * - `derive`: columns left out and recomputed at the receiver from the row and the sending office,
 *   for keys an office keeps unique within itself (agency names, plan numbers): at the province they
 *   are scoped by the office, so two offices that both list "Sở Lao động" do not collide.
 * - `parent`: the row of an earlier table each row belongs to. The import refuses a row whose
 *   parent is not in the same package (an office cannot add rows under another office's household).
 * - `keyless`: tables without an `id` (link tables, the review-results ledger). Their rows are
 *   replaced as a set per parent: on import every row under the office's parents (before and after)
 *   is deleted and the snapshot's rows inserted, inside the same transaction. A row is known by the
 *   hash of its line, so the preview still counts added, removed and unchanged rows.
 * - `refs`: every other column naming a row (a foreign key, declared or not). Like `parent`, it must
 *   name a row the same package brings: the office's own unit, agency, task or household, never
 *   another office's or the province's (tests/integration/packages-scope.test.ts lists each
 *   foreign key of the schema against these declarations).
 * - `office`: the column naming the owning office (its profile id). It must be the sending office's
 *   id; '' (rows written before offices had ids, migration 0002) is stored as the sender's id, so
 *   that an office's codes never collide with another office's at the province.
 * - `unique`: the table's unique keys as the province stores them (derived columns included). A
 *   package holding a key twice is refused before import, naming both rows; `nonEmpty` mirrors a
 *   partial index (`where code <> ''`).
 */
export interface SnapshotSpec {
  table: string
  merge: boolean
  omit?: readonly string[]
  derive?: { columns: readonly string[]; compute: (get: (column: string) => Cell, officeCode: string) => Cell[] }
  parent?: Ref
  keyless?: true
  refs?: readonly Ref[]
  office?: string
  unique?: readonly { columns: readonly string[]; nonEmpty?: string }[]
}

export interface Ref {
  column: string
  table: string
}

const HOUSEHOLD = { column: 'household_id', table: 'households' }
const TASK = { column: 'task_id', table: 'plan_tasks' }
const AGENCY = { column: 'agency_id', table: 'agencies' }

/** "14563:solaodong…": an office's own key, scoped so that offices never collide at the province. */
const scoped = (officeCode: string, key: string) => (key ? `${officeCode}:${key}` : '')

/**
 * The tables a package carries, in the order they are applied (parents before children). Left out
 * on purpose: the review's working state (`review_cases`, `review_meetings`, `review_votes`: survey
 * answers, meeting attendance and votes, the case's lock) is the office's process — what the
 * province needs is the outcome, which is in `review_results` (each recognised result with its
 * decision), `review_cycles` (the year's decision) and the assessments; `review_targets` are the
 * office's own targets (a target with no commune means "the whole office", which has no meaning
 * once several offices are merged). Users, settings, audit, keys and package records stay local.
 */
export const SNAPSHOT_TABLES: readonly SnapshotSpec[] = [
  { table: 'office', merge: false },
  {
    table: 'admin_units',
    merge: true,
    refs: [{ column: 'parent_id', table: 'admin_units' }],
    // Unit codes are unique per office (migration 0012): the province records whose unit it is.
    derive: { columns: ['office_code'], compute: (_get, office) => [office] },
    unique: [{ columns: ['office_code', 'code'], nonEmpty: 'code' }],
  },
  {
    table: 'households',
    merge: true,
    omit: ['search_rowid', 'search_text'],
    parent: { column: 'unit_id', table: 'admin_units' },
    office: 'office_id',
    unique: [{ columns: ['office_id', 'code'] }],
  },
  { table: 'household_members', merge: true, parent: HOUSEHOLD },
  { table: 'household_assessments', merge: true, parent: HOUSEHOLD, unique: [{ columns: ['household_id', 'year'] }] },
  { table: 'household_support', merge: true, parent: HOUSEHOLD },
  { table: 'review_cycles', merge: true, office: 'office_id', unique: [{ columns: ['office_id', 'year'] }] },
  // The ledger's `seq` is a local autoincrement: the receiver numbers rows itself. Its case_id names
  // the office's review case, which stays at the office (no table here, no foreign key).
  { table: 'review_results', merge: true, omit: ['seq'], parent: HOUSEHOLD, keyless: true },
  {
    table: 'agencies',
    merge: true,
    derive: {
      columns: ['name_key', 'short_key'],
      compute: (get, office) => [
        scoped(office, nameKey(String(get('name')))),
        scoped(office, get('short_name') ? nameKey(String(get('short_name'))) : ''),
      ],
    },
    unique: [{ columns: ['name_key'] }],
  },
  {
    table: 'plans',
    merge: true,
    derive: { columns: ['number_key'], compute: (get, office) => [scoped(office, nameKey(String(get('number'))))] },
    unique: [{ columns: ['number_key', 'issued_on'] }],
  },
  {
    table: 'plan_tasks',
    merge: true,
    parent: { column: 'plan_id', table: 'plans' },
    refs: [{ column: 'lead_agency_id', table: 'agencies' }],
    unique: [{ columns: ['plan_id', 'seq'] }],
  },
  { table: 'task_coordinators', merge: true, parent: TASK, keyless: true, refs: [AGENCY], unique: [{ columns: ['task_id', 'agency_id'] }] },
  {
    table: 'task_units',
    merge: true,
    parent: TASK,
    keyless: true,
    refs: [{ column: 'unit_id', table: 'admin_units' }],
    unique: [{ columns: ['task_id', 'unit_id'] }],
  },
  // No foreign key in the schema (migration 0003 predates the register), so only this check stands.
  {
    table: 'task_households',
    merge: true,
    parent: TASK,
    keyless: true,
    refs: [HOUSEHOLD],
    unique: [{ columns: ['task_id', 'household_id'] }],
  },
  { table: 'task_progress', merge: true, parent: TASK },
  { table: 'task_reports', merge: true, parent: TASK, refs: [AGENCY] },
]

/** Every column of a table that names a row of the package: its parent first, then the others. */
export const refsOf = (spec: SnapshotSpec): Ref[] => [...(spec.parent ? [spec.parent] : []), ...(spec.refs ?? [])]

export function snapshotSpec(table: string): SnapshotSpec | undefined {
  return SNAPSHOT_TABLES.find((t) => t.table === table)
}

/** The column that identifies a row's owner in the snapshot: its own id, or its parent's. */
export const keyColumn = (spec: SnapshotSpec) => (spec.keyless && spec.parent ? spec.parent.column : 'id')
