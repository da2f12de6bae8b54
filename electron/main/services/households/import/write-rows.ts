import { randomUUID } from 'node:crypto'
import type { Classification, Member } from '@shared/domain/households'
import type { Selectable } from 'kysely'
import type { HouseholdWriter } from '../../../store/households'
import type { HouseholdTable } from '../../../store/schema'
import type { AssessmentFor } from './assessment-cache'
import type { ParsedRow } from './parse-row'
import type { Statements } from './write-statements'
import type { WritePlan } from './write'

/** What each row's write needs besides the row: the lookups, the household writer, the plan, the import's audit identity. */
export interface RowWriter {
  s: Statements
  writer: HouseholdWriter
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
export function createOne(w: RowWriter, r: ParsedRow, unitId: string, autoCode: string): Classification {
  const { plan } = w
  const id = randomUUID()
  const code = r.code || autoCode
  const a = w.assessment(r, id, null)
  w.writer.create(
    {
      id,
      code,
      unit_id: unitId,
      head_name: r.headName,
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
      created_at: plan.at,
      updated_at: plan.at,
    },
    [headMember(r, randomUUID())],
    [a],
    {
      at: plan.at,
      actor: w.actor,
      entity: 'household',
      entityId: id,
      action: 'import.create',
      after: { import: w.importId, file: plan.fileName, row: r.rowNumber, code },
    },
  )
  return a.classification
}

/**
 * An existing household updated from a row: its village, area, head's details, member count and
 * livelihood (an empty cell keeps the register's), and this year's assessment; the rest of the row
 * and the other members stay. Audited with before and after.
 */
export function updateOne(w: RowWriter, r: ParsedRow, id: string, unitId: string): Classification {
  const { s, plan } = w
  const before = s.getHousehold.get(id) as StoredHousehold
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
  const livelihood = r.livelihood ?? before.livelihood
  const a = w.assessment(r, id, previous, beforeAssessment?.id, livelihood)
  if (beforeAssessment) a.created_at = beforeAssessment.created_at
  w.writer.update(
    {
      id,
      code: before.code,
      unit_id: unitId,
      head_name: r.headName,
      area_type: r.areaType,
      ethnicity: r.ethnicity || before.ethnicity,
      address: before.address,
      phone: before.phone,
      notes: before.notes,
      office_id: before.office_id,
      member_count: Math.max(members.length, r.memberCount ?? 0),
      special_groups: before.special_groups,
      poverty_causes: before.poverty_causes,
      livelihood,
      created_at: before.created_at,
      updated_at: plan.at,
    },
    members,
  )
  w.writer.setAssessment(a, {
    at: plan.at,
    actor: w.actor,
    entity: 'household',
    entityId: id,
    action: 'import.update',
    before: { household: before, head: beforeHead, assessment: beforeAssessment ?? null },
    after: { import: w.importId, file: plan.fileName, row: r.rowNumber, head, assessment: a },
  })
  return a.classification
}

type StoredHousehold = Selectable<HouseholdTable>

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
