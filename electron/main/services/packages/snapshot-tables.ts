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
 */
export interface SnapshotSpec {
  table: string
  merge: boolean
  omit?: readonly string[]
  derive?: { columns: readonly string[]; compute: (get: (column: string) => Cell, officeCode: string) => Cell[] }
  parent?: { column: string; table: string }
  keyless?: true
}

const HOUSEHOLD = { column: 'household_id', table: 'households' }
const TASK = { column: 'task_id', table: 'plan_tasks' }

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
  { table: 'admin_units', merge: true },
  { table: 'households', merge: true, omit: ['search_rowid', 'search_text'], parent: { column: 'unit_id', table: 'admin_units' } },
  { table: 'household_members', merge: true, parent: HOUSEHOLD },
  { table: 'household_assessments', merge: true, parent: HOUSEHOLD },
  { table: 'household_support', merge: true, parent: HOUSEHOLD },
  { table: 'review_cycles', merge: true },
  // The ledger's `seq` is a local autoincrement: the receiver numbers rows itself.
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
  },
  {
    table: 'plans',
    merge: true,
    derive: { columns: ['number_key'], compute: (get, office) => [scoped(office, nameKey(String(get('number'))))] },
  },
  { table: 'plan_tasks', merge: true, parent: { column: 'plan_id', table: 'plans' } },
  { table: 'task_coordinators', merge: true, parent: TASK, keyless: true },
  { table: 'task_units', merge: true, parent: TASK, keyless: true },
  { table: 'task_households', merge: true, parent: TASK, keyless: true },
  { table: 'task_progress', merge: true, parent: TASK },
  { table: 'task_reports', merge: true, parent: TASK },
]

export function snapshotSpec(table: string): SnapshotSpec | undefined {
  return SNAPSHOT_TABLES.find((t) => t.table === table)
}

/** The column that identifies a row's owner in the snapshot: its own id, or its parent's. */
export const keyColumn = (spec: SnapshotSpec) => (spec.keyless && spec.parent ? spec.parent.column : 'id')
