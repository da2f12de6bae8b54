import { randomUUID } from 'node:crypto'
import type { Classification, Livelihood, Member } from '@shared/domain/households'
import { fold } from '@shared/text/fold'
import { viSortKey } from '@shared/text/sort-key'
import { searchText } from '@shared/text/search-terms'
import { memberRow } from '../rows'
import type { AssessmentFor } from './assessment-cache'
import type { ParsedRow } from './parse-row'
import type { Statements } from './write-statements'
import type { WritePlan } from './write'

/** What each row's write needs besides the row: the statements, the plan, the import's audit identity. */
export interface RowWriter {
  s: Statements
  plan: WritePlan
  assessment: AssessmentFor
  importId: string
  actor: string
}

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

/**
 * A new household from a row. Its audit row is small on purpose: the import's own audit row (one
 * per import, with the file's SHA-256 and the counts) holds the source; this one ties the household
 * to that import and to the row it came from, so its creation stays traceable without writing the
 * whole row a second time as JSON (which the profile showed as the largest single insert cost).
 */
export function createOne(w: RowWriter, r: ParsedRow, unitId: string, autoCode: string, rowid: number): Classification {
  const { s, plan } = w
  const id = randomUUID()
  const code = r.code || autoCode
  const head = headMember(r, randomUUID())
  const a = w.assessment(r, id, null)
  const text = searchText(code, [head])
  const sortKey = viSortKey(r.headName)
  s.index.write(rowid, null, text, sortKey)
  const headRow = memberRow(id, head, 0)
  s.insertHousehold({
    id,
    code,
    unit_id: unitId,
    head_name: r.headName,
    head_name_folded: headRow.full_name_folded,
    head_name_sort: sortKey,
    area_type: r.areaType,
    ethnicity: r.ethnicity,
    address: r.address,
    phone: r.phone,
    notes: r.notes,
    office_id: plan.officeId,
    member_count: Math.max(1, r.memberCount ?? 1),
    special_groups: '[]',
    poverty_causes: '[]',
    livelihood: r.livelihood,
    latest_year: plan.year,
    latest_class: a.classification,
    search_rowid: rowid,
    search_text: text,
    created_at: plan.at,
    updated_at: plan.at,
  })
  s.insertMember(headRow)
  s.insertAssessment(a)
  s.insertAudit({
    id: randomUUID(),
    at: plan.at,
    actor: w.actor,
    entity: 'household',
    entity_id: id,
    action: 'import.create',
    before_json: null,
    after_json: JSON.stringify({ import: w.importId, file: plan.fileName, row: r.rowNumber, code }),
  })
  return a.classification
}

/** An existing household updated from a row: the head's details and this year's assessment; audited with before and after. */
export function updateOne(w: RowWriter, r: ParsedRow, id: string, unitId: string): Classification {
  const { s, plan } = w
  const before = s.getHousehold.get(id) as Record<string, unknown> & { code: string; search_rowid: number | null; search_text: string }
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
  const previous = (s.previousClass.get(id, plan.year - 1) as { classification: Classification } | undefined)?.classification ?? null
  const a = w.assessment(r, id, previous, beforeAssessment?.id, r.livelihood ?? (before.livelihood as Livelihood | null))
  if (beforeAssessment) a.created_at = beforeAssessment.created_at
  const memberCount = Math.max(members.length, r.memberCount ?? 0)
  const sortKey = viSortKey(r.headName)
  s.updateHousehold.run(
    unitId,
    r.headName,
    fold(r.headName),
    sortKey,
    r.areaType,
    r.ethnicity || String(before.ethnicity),
    memberCount,
    plan.at,
    id,
  )
  if (r.livelihood !== null) s.setLivelihood.run(r.livelihood, id)
  s.updateHead.run(head.fullName, fold(head.fullName), head.sex, head.birthDate, head.citizenId, head.ethnicity, head.id)
  s.deleteAssessment.run(id, plan.year)
  s.insertAssessment(a)
  const latest = s.latest.get(id, 1) as { year: number; classification: string }
  const rowid = before.search_rowid ?? s.index.nextKey()
  const text = searchText(before.code, members)
  s.index.write(rowid, before.search_rowid === null ? null : before.search_text, text, sortKey)
  s.setLatest.run(latest.year, latest.classification, rowid, text, id)
  s.insertAudit({
    id: randomUUID(),
    at: plan.at,
    actor: w.actor,
    entity: 'household',
    entity_id: id,
    action: 'import.update',
    before_json: JSON.stringify({ household: before, head: beforeHead, assessment: beforeAssessment ?? null }),
    after_json: JSON.stringify({ import: w.importId, file: plan.fileName, row: r.rowNumber, head, assessment: a }),
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
