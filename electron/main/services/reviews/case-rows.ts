import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import { daysBetween } from '@shared/domain/task-status'
import type { CaseRow } from '@shared/domain/reviews'
import type { Classification } from '@shared/domain/households'
import type { Database } from '../../store/schema'

type Db = Kysely<Database> | Transaction<Database>

/** The query behind every list of cases: the case, its household, this year's and last year's class. */
export function caseQuery(db: Db) {
  return db
    .selectFrom('review_cases as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .leftJoin('admin_units as u', 'u.id', 'h.unit_id')
    .leftJoin('household_assessments as a', (j) => j.onRef('a.household_id', '=', 'c.household_id').onRef('a.year', '=', 'c.year'))
    .select([
      'c.id',
      'c.year',
      'c.household_id',
      'c.origin',
      'c.stage',
      'c.locked',
      'c.agree_percent',
      'c.applied_on',
      'c.due_on',
      'c.list_basis',
      'c.applicant_name',
      'h.code',
      'h.head_name',
      'h.head_name_sort',
      'h.unit_id',
      'h.member_count',
      'u.name as unit_name',
      'a.classification',
    ])
}

export type CaseQueryRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['execute']>>[number]

export async function previousClasses(
  db: Db,
  rows: readonly { household_id: string; year: number }[],
): Promise<Map<string, Classification>> {
  if (!rows.length) return new Map()
  const ids = [...new Set(rows.map((r) => r.household_id))]
  const out = new Map<string, Classification>()
  // Chunked: SQLite limits the number of bound parameters of one statement.
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db
      .selectFrom('household_assessments')
      .select(['household_id', 'year', 'classification'])
      .where('household_id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const f of found) out.set(`${f.household_id}|${f.year}`, f.classification)
  }
  return new Map(
    rows.flatMap((r) =>
      out.has(`${r.household_id}|${r.year - 1}`) ? [[r.household_id, out.get(`${r.household_id}|${r.year - 1}`)!]] : [],
    ),
  )
}

export function toCaseRow(r: CaseQueryRow, previous: Classification | null, today: string): CaseRow {
  return {
    id: r.id,
    year: r.year,
    householdId: r.household_id,
    code: r.code,
    headName: r.head_name,
    unitId: r.unit_id,
    unitName: r.unit_name ?? '',
    memberCount: r.member_count,
    origin: r.origin,
    stage: r.stage,
    locked: r.locked === 1,
    classification: r.classification ?? null,
    previousClassification: previous,
    agreePercent: r.agree_percent,
    listBasis: r.list_basis,
    appliedOn: r.applied_on,
    applicantName: r.applicant_name,
    dueOn: r.due_on,
    daysLeft: r.due_on && r.stage !== 'approved' ? daysBetween(today, r.due_on) : null,
  }
}

export async function requireCase(db: Db, id: string) {
  const c = await db.selectFrom('review_cases').selectAll().where('id', '=', id).executeTakeFirst()
  if (!c) throw new ApiError('NOT_FOUND', 'Không tìm thấy hồ sơ rà soát của hộ.', ['caseId'])
  return c
}
