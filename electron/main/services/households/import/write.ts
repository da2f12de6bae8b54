import { randomUUID } from 'node:crypto'
import type { Member } from '@shared/domain/households'
import type { PovertyStandard } from '@shared/standards/schema'
import { fold } from '@shared/text/fold'
import { viSortKey } from '@shared/text/sort-key'
import type { Store } from '../../../store/open'
import type { ServiceContext } from '../../context'
import { buildAssessment } from '../assess'
import { codeNumber, CODE_PREFIX, formatCode, memberRow, searchText } from '../rows'
import type { ParsedRow } from './parse-row'
import { prepareInsert, prepareQuery } from './statements'
import { villageResolver } from './villages'
import type { ImportResult, ImportRowError } from '@shared/domain/household-import'

export interface WritePlan {
  rows: ParsedRow[]
  year: number
  standard: PovertyStandard
  officeId: string
  officeName: string
  communeId: string | null
  fileName: string
  at: string
}

type Preview = ImportResult['preview'][number]

/**
 * Writes the rows in ONE transaction on the raw handle, holding Kysely's connection lock so no
 * other query can slip in, yielding to the event loop every few hundred rows so progress and
 * Cancel get through. `commit` decides at the end: false (a preview, a cancel, or all-or-nothing
 * with rejected rows) rolls everything back, villages and audit rows included.
 */
export async function writeRows(
  ctx: ServiceContext,
  plan: WritePlan,
  hooks: {
    progress: (done: number, total: number) => void
    checkpoint: () => void
    commit: (errors: ImportRowError[]) => boolean
  },
): Promise<{
  created: number
  updated: number
  errors: ImportRowError[]
  preview: Preview[]
  addedVillages: string[]
  committed: boolean
}> {
  const store = ctx.store
  return store.db.connection().execute(async () => {
    const s = statements(store, plan)
    store.sqlite.exec('begin immediate')
    try {
      const villages = villageResolver(store, plan.communeId, plan.officeName, plan.at)
      let nextNo = codeNumber((s.lastCode.get(plan.officeId, `${CODE_PREFIX}%`, 1) as { code?: string } | undefined)?.code) + 1
      let nextRowid = ((s.maxRowid.get() as { m: number | null }).m ?? 0) + 1
      const errors: ImportRowError[] = []
      const preview: Preview[] = []
      let created = 0
      let updated = 0
      // Results the commune chair approved are locked (reviews domain): such rows are refused, not overwritten.
      const locked = new Set(
        (
          store.sqlite.prepare('select household_id from review_cases where year = ? and locked = 1').all(plan.year) as {
            household_id: string
          }[]
        ).map((x) => x.household_id),
      )
      for (let i = 0; i < plan.rows.length; i++) {
        const r = plan.rows[i]!
        const byCode = r.code ? (s.byCode.get(plan.officeId, r.code) as { id: string } | undefined) : undefined
        const byId = r.citizenId ? (s.byCitizen.get(r.citizenId) as { household_id: string; code: string } | undefined) : undefined
        if (byCode && byId && byCode.id !== byId.household_id) {
          errors.push({
            row: r.rowNumber,
            column: 'Số CCCD',
            message: `Số CCCD ${r.citizenId} đã thuộc hộ ${byId.code}, không phải hộ ${r.code}`,
          })
          if (preview.length < 100) preview.push(previewOf(r, 'reject', null))
          continue
        }
        const existingId = byCode?.id ?? byId?.household_id ?? null
        if (existingId && locked.has(existingId)) {
          errors.push({
            row: r.rowNumber,
            column: '',
            message: `Kết quả rà soát năm ${plan.year} của hộ đã được phê duyệt và khóa; không ghi đè.`,
          })
          if (preview.length < 100) preview.push(previewOf(r, 'reject', null))
          continue
        }
        const unitId = villages.resolve(r.village)
        const cls = existingId
          ? updateOne(ctx, s, plan, r, existingId, unitId)
          : createOne(ctx, s, plan, r, unitId, formatCode(nextNo), nextRowid)
        if (existingId) updated++
        else {
          created++
          if (!r.code) nextNo++
          nextRowid++
        }
        if (preview.length < 100) preview.push(previewOf(r, existingId ? 'update' : 'create', cls))
        if (i % 500 === 499) {
          hooks.progress(i + 1, plan.rows.length)
          await new Promise((ok) => setImmediate(ok))
          hooks.checkpoint()
        }
      }
      hooks.progress(plan.rows.length, plan.rows.length)
      hooks.checkpoint()
      const committed = hooks.commit(errors)
      store.sqlite.exec(committed ? 'commit' : 'rollback')
      return { created, updated, errors, preview, addedVillages: villages.added, committed }
    } catch (e) {
      if (store.sqlite.inTransaction) store.sqlite.exec('rollback')
      throw e
    }
  })
}

function previewOf(r: ParsedRow, action: Preview['action'], cls: Preview['classification']): Preview {
  return {
    row: r.rowNumber,
    action,
    code: r.code,
    headName: r.headName,
    village: r.village,
    classification: cls,
    fileClassification: r.fileClass,
  }
}

function statements(store: Store, plan: WritePlan) {
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
    latest_year: 0 as number | null,
    latest_class: '' as string | null,
    search_rowid: 0 as number | null,
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
    maxRowid: prepareQuery(
      store,
      db.selectFrom('household_fts').select((eb) => eb.fn.max('rowid').as('m')),
    ),
    byCode: prepareQuery(store, db.selectFrom('households').select('id').where('office_id', '=', '?').where('code', '=', '?')),
    byCitizen: prepareQuery(
      store,
      db
        .selectFrom('household_members as m')
        .innerJoin('households as h', 'h.id', 'm.household_id')
        .select(['m.household_id', 'h.code'])
        .where('m.citizen_id', '=', '?'),
    ),
    insertHousehold: prepareInsert(store, (r) => db.insertInto('households').values(r), sampleHousehold),
    insertMember: prepareInsert(store, (r) => db.insertInto('household_members').values(r), sampleMember),
    insertAssessment: prepareInsert(store, (r) => db.insertInto('household_assessments').values(r), sampleAssessment),
    insertFts: prepareInsert(store, (r) => db.insertInto('household_fts').values(r), { rowid: 0, text: '' }),
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
      db.updateTable('households').set({ latest_year: 0, latest_class: '', search_rowid: 0 }).where('id', '=', '?'),
    ),
    updateFts: prepareQuery(store, db.updateTable('household_fts').set({ text: '' }).where('rowid', '=', 0)),
  }
}
type Statements = ReturnType<typeof statements>

function headMember(r: ParsedRow, id: string): Member {
  return {
    id,
    fullName: r.headName,
    sex: r.sex,
    birthDate: r.birthDate,
    citizenId: r.citizenId,
    relationship: 'head',
    ethnicity: r.ethnicity,
    healthInsurance: false,
    schooling: 'not_applicable',
    working: 'other',
  }
}

function assessmentFor(
  plan: WritePlan,
  r: ParsedRow,
  householdId: string,
  members: Member[],
  previous: string | null,
  existingId?: string,
) {
  return buildAssessment({
    householdId,
    standard: plan.standard,
    areaType: r.areaType,
    members,
    memberCount: r.memberCount ?? members.length,
    previous: (previous as never) ?? null,
    existingId,
    at: plan.at,
    deriveFromMembers: false,
    input: {
      year: plan.year,
      incomePerPersonMonth: r.income,
      housingAreaM2: null,
      indicators: r.deprived.map((no) => ({ no, deprived: true, value: '', source: 'entered' as const })),
    },
  })
}

function createOne(ctx: ServiceContext, s: Statements, plan: WritePlan, r: ParsedRow, unitId: string, autoCode: string, rowid: number) {
  const id = randomUUID()
  const code = r.code || autoCode
  const head = headMember(r, randomUUID())
  const members = [head]
  const { row: a } = assessmentFor(plan, r, id, members, null)
  s.insertFts({ rowid, text: searchText(code, members) })
  const household = {
    id,
    code,
    unit_id: unitId,
    head_name: r.headName,
    head_name_folded: fold(r.headName),
    head_name_sort: viSortKey(r.headName),
    area_type: r.areaType,
    ethnicity: r.ethnicity,
    address: r.address,
    phone: r.phone,
    notes: r.notes,
    office_id: plan.officeId,
    member_count: Math.max(1, r.memberCount ?? 1),
    special_groups: '[]',
    poverty_causes: '[]',
    latest_year: plan.year,
    latest_class: a.classification,
    search_rowid: rowid,
    created_at: plan.at,
    updated_at: plan.at,
  }
  s.insertHousehold(household)
  s.insertMember(memberRow(id, head, 0))
  s.insertAssessment(a)
  s.insertAudit({
    id: randomUUID(),
    at: plan.at,
    actor: ctx.actor(),
    entity: 'household',
    entity_id: id,
    action: 'import.create',
    before_json: null,
    after_json: JSON.stringify({ source: plan.fileName, row: r.rowNumber, household, head, assessment: a }),
  })
  return a.classification
}

function updateOne(ctx: ServiceContext, s: Statements, plan: WritePlan, r: ParsedRow, id: string, unitId: string) {
  const before = s.getHousehold.get(id) as Record<string, unknown> & { code: string; search_rowid: number | null }
  const members = (s.getMembers.all(id) as Parameters<typeof toMemberLike>[0][]).map(toMemberLike)
  const headIndex = Math.max(
    0,
    members.findIndex((m) => (r.citizenId && m.citizenId === r.citizenId) || m.relationship === 'head'),
  )
  const beforeHead = members[headIndex]!
  const head: Member = {
    ...beforeHead,
    fullName: r.headName,
    sex: r.sex,
    birthDate: r.birthDate,
    citizenId: r.citizenId || beforeHead.citizenId,
    ethnicity: r.ethnicity || beforeHead.ethnicity,
  }
  members[headIndex] = head
  const beforeAssessment = s.getAssessment.get(id, plan.year) as { id: string; created_at: string } | undefined
  const previous = (s.previousClass.get(id, plan.year - 1) as { classification: string } | undefined)?.classification ?? null
  const { row: a } = assessmentFor(plan, r, id, members, previous, beforeAssessment?.id)
  if (beforeAssessment) a.created_at = beforeAssessment.created_at
  const memberCount = Math.max(members.length, r.memberCount ?? 0)
  s.updateHousehold.run(
    unitId,
    r.headName,
    fold(r.headName),
    viSortKey(r.headName),
    r.areaType,
    r.ethnicity || String(before.ethnicity),
    memberCount,
    plan.at,
    id,
  )
  s.updateHead.run(head.fullName, fold(head.fullName), head.sex, head.birthDate, head.citizenId, head.ethnicity, head.id)
  s.deleteAssessment.run(id, plan.year)
  s.insertAssessment(a)
  const latest = s.latest.get(id, 1) as { year: number; classification: string }
  let rowid = before.search_rowid
  if (rowid === null) {
    rowid = ((s.maxRowid.get() as { m: number | null }).m ?? 0) + 1
    s.insertFts({ rowid, text: searchText(before.code, members) })
  } else s.updateFts.run(searchText(before.code, members), rowid)
  s.setLatest.run(latest.year, latest.classification, rowid, id)
  s.insertAudit({
    id: randomUUID(),
    at: plan.at,
    actor: ctx.actor(),
    entity: 'household',
    entity_id: id,
    action: 'import.update',
    before_json: JSON.stringify({ household: before, head: beforeHead, assessment: beforeAssessment ?? null }),
    after_json: JSON.stringify({ source: plan.fileName, row: r.rowNumber, head, assessment: a }),
  })
  return a.classification
}

function toMemberLike(m: {
  id: string
  full_name: string
  sex: 'male' | 'female'
  birth_date: string
  citizen_id: string
  relationship: string
  ethnicity: string
  health_insurance: number
  schooling: string
  working: string
}): Member {
  return {
    id: m.id,
    fullName: m.full_name,
    sex: m.sex,
    birthDate: m.birth_date,
    citizenId: m.citizen_id,
    relationship: m.relationship as Member['relationship'],
    ethnicity: m.ethnicity,
    healthInsurance: m.health_insurance === 1,
    schooling: m.schooling as Member['schooling'],
    working: m.working as Member['working'],
  }
}
