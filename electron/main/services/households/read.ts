import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { PovertyCause, SpecialGroup } from '@shared/domain/households'
import type { AuditEntryView, HouseholdDetail } from '@shared/domain/household-views'
import type { Database } from '../../store/schema'
import type { ServiceContext } from '../context'
import { toAssessment, toMember } from './rows'
import { describeChanges, describeDismissal, describeImport, type ImportAuditAfter } from './changes'
import type { DismissalAudit } from './duplicates'

type Db = Kysely<Database> | Transaction<Database>

/** One household with its members, every year's assessment (newest first) and the support received. */
export async function loadDetail(db: Db, id: string): Promise<HouseholdDetail | null> {
  const h = await db
    .selectFrom('households as h')
    .leftJoin('admin_units as u', 'u.id', 'h.unit_id')
    .selectAll('h')
    .select('u.name as unit_name')
    .where('h.id', '=', id)
    .executeTakeFirst()
  if (!h) return null
  const [members, assessments, support] = await Promise.all([
    db.selectFrom('household_members').selectAll().where('household_id', '=', id).orderBy('position').execute(),
    db.selectFrom('household_assessments').selectAll().where('household_id', '=', id).orderBy('year', 'desc').execute(),
    db.selectFrom('household_support').selectAll().where('household_id', '=', id).orderBy('date', 'desc').execute(),
  ])
  return {
    id: h.id,
    officeId: h.office_id,
    code: h.code,
    unitId: h.unit_id,
    unitName: h.unit_name ?? '',
    areaType: h.area_type,
    address: h.address,
    ethnicity: h.ethnicity,
    phone: h.phone,
    specialGroups: JSON.parse(h.special_groups) as SpecialGroup[],
    povertyCauses: JSON.parse(h.poverty_causes) as PovertyCause[],
    livelihood: h.livelihood,
    notes: h.notes,
    memberCount: h.member_count,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
    members: members.map(toMember),
    assessments: assessments.map(toAssessment),
    support: support.map((s) => ({ id: s.id, policy: s.policy, project: s.project, date: s.date, amount: s.amount, note: s.note })),
  }
}

export async function getHousehold(ctx: ServiceContext, id: string): Promise<HouseholdDetail> {
  const d = await loadDetail(ctx.store.db, id)
  if (!d) throw new ApiError('NOT_FOUND', 'Không tìm thấy hộ gia đình.', ['id'])
  return d
}

/** The household's audit trail, oldest first, with each change said in words. */
export async function householdAudit(ctx: ServiceContext, id: string): Promise<AuditEntryView[]> {
  const rows = await ctx.store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', 'household')
    .where('entity_id', '=', id)
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    changes: r.action.startsWith('import.')
      ? describeImport(r.action, r.after_json ? (JSON.parse(r.after_json) as ImportAuditAfter) : null)
      : r.action === 'duplicate.dismiss'
        ? describeDismissal(r.after_json ? (JSON.parse(r.after_json) as DismissalAudit) : null)
        : describeChanges(
            r.before_json ? (JSON.parse(r.before_json) as HouseholdDetail) : null,
            r.after_json ? (JSON.parse(r.after_json) as HouseholdDetail) : null,
          ),
  }))
}
