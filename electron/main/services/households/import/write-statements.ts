import { sql } from 'kysely'
import type { Livelihood } from '@shared/domain/households'
import type { Store } from '../../../store/open'
import { buildAssessment } from '../assess'
import { memberRow } from '../rows'
import { searchIndexWriter } from '../search-index'
import { prepareInsert, prepareQuery } from './statements'
import type { WritePlan } from './write'

/**
 * The import's prepared statements, compiled once by Kysely from queries with placeholder values
 * (statements.ts) and run per row on the raw handle.
 */
export function statements(store: Store, plan: WritePlan) {
  const db = store.db
  const at = plan.at
  const sampleHousehold = {
    id: '',
    code: '',
    unit_id: '',
    head_name: '',
    head_name_folded: '',
    head_name_sort: '',
    area_type: 'rural' as 'rural' | 'urban',
    ethnicity: '',
    address: '',
    phone: '',
    notes: '',
    office_id: '',
    member_count: 0,
    special_groups: '[]',
    poverty_causes: '[]',
    livelihood: 'other' as Livelihood | null,
    latest_year: 0 as number | null,
    latest_class: '' as string | null,
    search_rowid: 0 as number | null,
    search_text: '',
    created_at: at,
    updated_at: at,
  }
  const sampleAssessment = buildAssessment({
    householdId: '',
    standard: plan.standard,
    areaType: 'rural',
    members: [],
    memberCount: 1,
    previous: null,
    livelihood: null,
    at,
    input: { year: plan.year, incomePerPersonMonth: 1, housingAreaM2: null, indicators: [] },
  }).row
  const sampleMember = memberRow(
    '',
    {
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
    },
    0,
  )
  return {
    lastCode: prepareQuery(
      store,
      db.selectFrom('households').select('code').where('office_id', '=', '?').where('code', 'like', '?').orderBy('code', 'desc').limit(1),
    ),
    index: searchIndexWriter(store),
    byCode: prepareQuery(store, db.selectFrom('households').select('id').where('office_id', '=', '?').where('code', '=', '?')),
    // The member alone: joining the household for its code made every probe, even a miss, 4× slower
    // (17 µs vs 4), a tenth of a large import's own time; the code is read only for a conflict.
    byCitizen: prepareQuery(
      store,
      db
        .selectFrom('household_members as m')
        .select('m.household_id')
        .where('m.citizen_id', '=', '?')
        // Restates the partial index's condition so SQLite may use it: without it every row scans all members.
        .where('m.citizen_id', '<>', sql.lit('')),
    ),
    codeOf: prepareQuery(store, db.selectFrom('households').select('code').where('id', '=', '?')).pluck(),
    insertHousehold: prepareInsert(store, (r) => db.insertInto('households').values(r), sampleHousehold),
    insertMember: prepareInsert(store, (r) => db.insertInto('household_members').values(r), sampleMember),
    insertAssessment: prepareInsert(store, (r) => db.insertInto('household_assessments').values(r), sampleAssessment),
    insertAudit: prepareInsert(store, (r) => db.insertInto('audit_log').values(r), {
      id: '',
      at,
      actor: '',
      entity: 'household',
      entity_id: '',
      action: '',
      before_json: '' as string | null,
      after_json: '' as string | null,
    }),
    getHousehold: prepareQuery(store, db.selectFrom('households').selectAll().where('id', '=', '?')),
    getMembers: prepareQuery(store, db.selectFrom('household_members').selectAll().where('household_id', '=', '?').orderBy('position')),
    getAssessment: prepareQuery(
      store,
      db.selectFrom('household_assessments').selectAll().where('household_id', '=', '?').where('year', '=', 0),
    ),
    previousClass: prepareQuery(
      store,
      db.selectFrom('household_assessments').select('classification').where('household_id', '=', '?').where('year', '=', 0),
    ),
    updateHousehold: prepareQuery(
      store,
      db
        .updateTable('households')
        .set({
          unit_id: '',
          head_name: '',
          head_name_folded: '',
          head_name_sort: '',
          area_type: 'rural',
          ethnicity: '',
          member_count: 0,
          updated_at: '',
        })
        .where('id', '=', '?'),
    ),
    // Only when the row names a livelihood: an empty cell keeps what the register holds.
    setLivelihood: prepareQuery(store, db.updateTable('households').set({ livelihood: 'other' }).where('id', '=', '?')),
    updateHead: prepareQuery(
      store,
      db
        .updateTable('household_members')
        .set({ full_name: '', full_name_folded: '', sex: 'male', birth_date: '', citizen_id: '', ethnicity: '' })
        .where('id', '=', '?'),
    ),
    deleteAssessment: prepareQuery(store, db.deleteFrom('household_assessments').where('household_id', '=', '?').where('year', '=', 0)),
    latest: prepareQuery(
      store,
      db
        .selectFrom('household_assessments')
        .select(['year', 'classification'])
        .where('household_id', '=', '?')
        .orderBy('year', 'desc')
        .limit(1),
    ),
    setLatest: prepareQuery(
      store,
      db.updateTable('households').set({ latest_year: 0, latest_class: '', search_rowid: 0, search_text: '' }).where('id', '=', '?'),
    ),
  }
}
export type Statements = ReturnType<typeof statements>
