import { randomUUID } from 'node:crypto'
import type SqliteDatabase from 'better-sqlite3'
import type { Livelihood, Member } from '@shared/domain/households'
import { fold } from '@shared/text/fold'
import { searchText } from '@shared/text/search-terms'
import { viSortKey } from '@shared/text/sort-key'
import { dropFromSearchIndex, reindexHouseholdsFrom, searchIndexWriter } from './household-search'
import type { Store } from './open'
import { prepareInsert, prepareQuery } from './prepared'
import type { HouseholdAssessmentTable, HouseholdMemberTable } from './tables/households'

/**
 * The one writer of the household family: `households` with its derived columns (folded and sort
 * names, `search_text`/`search_rowid`, `latest_year`/`latest_class`), its members
 * (`household_members`, with their folded names), its assessments (`household_assessments`), the
 * search index (`household_search_terms`) and the audit rows of these writes. The form's save, the
 * import, the demo generator, the review's survey and restandardisation call it, so no caller keeps
 * a derived column in step by convention; a province's package import writes other offices' rows as
 * a set and has the search columns rebuilt here (`reindexReceived`).
 *
 * Statements are prepared once per connection (Kysely compiles their SQL; better-sqlite3 runs them)
 * and run on the store's one connection, so inside whatever transaction the caller holds, a Kysely
 * transaction or the import's `begin immediate`; every method refuses to run outside one. The same
 * calls serve one household or 100,000 (tests/bench/households-import.bench.ts).
 */

/** What a caller decides about a household; the writer derives the rest of the row. */
export interface HouseholdFacts {
  id: string
  code: string
  unit_id: string
  /** The head's name as the register shows it; its folded and sort forms are derived. */
  head_name: string
  area_type: 'rural' | 'urban'
  ethnicity: string
  address: string
  phone: string
  notes: string
  office_id: string
  member_count: number
  /** SpecialGroup[] as JSON. */
  special_groups: string
  /** PovertyCause[] as JSON. */
  poverty_causes: string
  livelihood: Livelihood | null
  created_at: string
  updated_at: string
}

/** One audit row; `before` and `after` are stored as JSON. */
export interface AuditRecord {
  actor: string
  at: string
  entity: string
  entityId: string
  action: string
  before?: unknown
  after?: unknown
}

/** The household's derived columns, computed from its head's name, its code and its members (in position order). */
export function derivedColumns(headName: string, code: string, members: readonly Pick<Member, 'fullName' | 'citizenId'>[]) {
  return { head_name_folded: fold(headName), head_name_sort: viSortKey(headName), search_text: searchText(code, members) }
}

export function memberRow(householdId: string, m: Member, position: number): HouseholdMemberTable {
  return {
    id: m.id,
    household_id: householdId,
    position,
    full_name: m.fullName,
    full_name_folded: fold(m.fullName),
    sex: m.sex,
    birth_date: m.birthDate,
    citizen_id: m.citizenId,
    relationship: m.relationship,
    ethnicity: m.ethnicity,
    health_insurance: m.healthInsurance ? 1 : 0,
    schooling: m.schooling,
    working: m.working,
  }
}

const writers = new WeakMap<SqliteDatabase.Database, HouseholdWriter>()

/** The writer of this store's connection (prepared on first use). */
export function householdWriter(store: Store): HouseholdWriter {
  let w = writers.get(store.sqlite)
  if (!w) writers.set(store.sqlite, (w = prepareWriter(store)))
  return w
}

export type HouseholdWriter = ReturnType<typeof prepareWriter>

function prepareWriter(store: Store) {
  const db = store.db
  const sqlite = store.sqlite
  const index = searchIndexWriter(store)
  const sampleHousehold: HouseholdRow = {
    id: '',
    code: '',
    unit_id: '',
    head_name: '',
    head_name_folded: '',
    head_name_sort: '',
    area_type: 'rural',
    ethnicity: '',
    address: '',
    phone: '',
    notes: '',
    office_id: '',
    member_count: 0,
    special_groups: '[]',
    poverty_causes: '[]',
    livelihood: null,
    latest_year: 0,
    latest_class: '',
    search_rowid: 0,
    search_text: '',
    created_at: '',
    updated_at: '',
  }
  const insertHousehold = prepareInsert(store, (r) => db.insertInto('households').values(r), sampleHousehold)
  const { id: _id, latest_year: _y, latest_class: _c, ...updated } = sampleHousehold
  const updateColumns = Object.keys(updated) as (keyof typeof updated)[]
  const updateQuery = db.updateTable('households').set(updated).where('id', '=', '?')
  // update() binds values in `updateColumns` order: make sure that is the order Kysely compiled them in.
  const named = db
    .updateTable('households')
    .set(Object.fromEntries(updateColumns.map((c) => [c, c])) as never)
    .where('id', '=', '?')
    .compile().parameters
  if (named.join() !== [...updateColumns, '?'].join())
    throw new Error(`householdWriter: unexpected parameter order in ${updateQuery.compile().sql}`)
  const updateHousehold = prepareQuery(store, updateQuery)
  const stored = prepareQuery(store, db.selectFrom('households').select(['search_rowid', 'search_text']).where('id', '=', '?'))
  const insertMember = prepareInsert(store, (r) => db.insertInto('household_members').values(r), memberRow('', sampleMember, 0))
  const deleteMembers = prepareQuery(store, db.deleteFrom('household_members').where('household_id', '=', '?'))
  const sampleAssessment: HouseholdAssessmentTable = {
    id: '',
    household_id: '',
    year: 0,
    standard_id: '',
    area_type: 'rural',
    income_per_person_month: 0,
    housing_area_m2: null,
    indicators_json: '',
    deprived_count: 0,
    income_score: null,
    deprivation_score: 0,
    classification: 'none',
    reasons_json: '',
    created_at: '',
    updated_at: '',
  }
  const insertAssessment = prepareInsert(store, (r) => db.insertInto('household_assessments').values(r), sampleAssessment)
  const deleteAssessment = prepareQuery(store, db.deleteFrom('household_assessments').where('household_id', '=', '?').where('year', '=', 0))
  const latest = prepareQuery(
    store,
    db
      .selectFrom('household_assessments')
      .select(['year', 'classification'])
      .where('household_id', '=', '?')
      .orderBy('year', 'desc')
      .limit(1),
  ).raw()
  const setLatest = prepareQuery(store, db.updateTable('households').set({ latest_year: 0, latest_class: '' }).where('id', '=', '?'))
  const moveUnit = prepareQuery(store, db.updateTable('households').set({ unit_id: '', updated_at: '' }).where('unit_id', '=', '?'))
  const insertAudit = prepareInsert(store, (r) => db.insertInto('audit_log').values(r), {
    id: '',
    at: '',
    actor: '',
    entity: '',
    entity_id: '',
    action: '',
    before_json: '' as string | null,
    after_json: '' as string | null,
  })

  const inTransaction = (what: string) => {
    if (!sqlite.inTransaction) throw new Error(`householdWriter.${what}: outside a transaction`)
  }
  /** The full row: the caller's facts, the derived columns, the search key; writes the search terms that changed. */
  const rowOf = (h: HouseholdFacts, members: readonly Member[], key: number, storedText: string | null) => {
    const d = derivedColumns(h.head_name, h.code, members)
    index.write(key, storedText, d.search_text, d.head_name_sort)
    return { ...h, ...d, search_rowid: key }
  }
  const writeMembers = (id: string, members: readonly Member[]) => {
    for (let i = 0; i < members.length; i++) insertMember(memberRow(id, members[i]!, i))
  }
  const writeAudit = (a: AuditRecord) =>
    insertAudit({
      id: randomUUID(),
      at: a.at,
      actor: a.actor,
      entity: a.entity,
      entity_id: a.entityId,
      action: a.action,
      before_json: a.before === undefined ? null : JSON.stringify(a.before),
      after_json: a.after === undefined ? null : JSON.stringify(a.after),
    })
  const refreshLatest = (id: string) => {
    const [year, cls] = (latest.get(id, 1) as [number, string] | undefined) ?? [null, null]
    setLatest.run(year, cls, id)
  }

  return {
    /** A new household with its members (in order) and any assessments; `latest_*` from the newest of them. */
    create(h: HouseholdFacts, members: readonly Member[], assessments: readonly HouseholdAssessmentTable[], audit?: AuditRecord): void {
      inTransaction('create')
      let newest: HouseholdAssessmentTable | null = null
      for (const a of assessments) if (!newest || a.year > newest.year) newest = a
      const row = rowOf(h, members, index.nextKey(), null)
      insertHousehold({ ...row, latest_year: newest?.year ?? null, latest_class: newest?.classification ?? null })
      writeMembers(h.id, members)
      for (const a of assessments) insertAssessment(a)
      if (audit) writeAudit(audit)
    },
    /** Rewrites a household's row and replaces its members (ids kept by the caller); its assessments stay. */
    update(h: HouseholdFacts, members: readonly Member[], audit?: AuditRecord): void {
      inTransaction('update')
      const before = stored.get(h.id) as { search_rowid: number | null; search_text: string } | undefined
      if (!before) throw new Error(`householdWriter.update: no household ${h.id}`)
      const row = rowOf(h, members, before.search_rowid ?? index.nextKey(), before.search_rowid === null ? null : before.search_text)
      updateHousehold.run(...updateColumns.map((c) => row[c]), h.id)
      deleteMembers.run(h.id)
      writeMembers(h.id, members)
      if (audit) writeAudit(audit)
    },
    /** Puts one year's assessment in place of the household's one for that year, then its `latest_*`. */
    setAssessment(a: HouseholdAssessmentTable, audit?: AuditRecord): void {
      inTransaction('setAssessment')
      deleteAssessment.run(a.household_id, a.year)
      insertAssessment(a)
      refreshLatest(a.household_id)
      if (audit) writeAudit(audit)
    },
    /** Moves every household of unit `from` to unit `into` (a merge of units, audited by the caller as the units'); the number moved. */
    moveUnit(from: string, into: string, at: string): number {
      inTransaction('moveUnit')
      return moveUnit.run(into, at, from).changes
    },
    /** An audit row of its own: a batch's (an import, generated data) or a household's once its after-state is read. */
    audit(a: AuditRecord): void {
      inTransaction('audit')
      writeAudit(a)
    },
    /**
     * Households a province's package import wrote as a set (`source`: the staged table with `id`
     * and `_n`): their search key, text and terms are this database's, rebuilt here.
     */
    reindexReceived(source: string): void {
      inTransaction('reindexReceived')
      reindexHouseholdsFrom(store, source)
    },
    /** Households about to be deleted by a package import leave the search index first. */
    dropFromIndex(ids: readonly string[]): void {
      inTransaction('dropFromIndex')
      dropFromSearchIndex(store, ids)
    },
  }
}

type HouseholdRow = HouseholdFacts & {
  head_name_folded: string
  head_name_sort: string
  latest_year: number | null
  latest_class: string | null
  search_rowid: number | null
  search_text: string
}

const sampleMember: Member = {
  id: '',
  fullName: 'x',
  sex: 'male',
  birthDate: '2000',
  citizenId: '',
  relationship: 'head',
  ethnicity: '',
  healthInsurance: false,
  schooling: 'not_applicable',
  working: 'other',
}
