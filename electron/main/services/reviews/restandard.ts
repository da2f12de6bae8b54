import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '@shared/contract/errors'
import type { Classification, IndicatorValue, Member } from '@shared/domain/households'
import { RestandardPreviewSchema, RestandardSchema, type Cycle, type RestandardPreview } from '@shared/domain/reviews'
import { CLASS_LABEL } from '@shared/standards/classify'
import type { PovertyStandard } from '@shared/standards/schema'
import type { z } from 'zod'
import { householdWriter } from '../../store/households'
import type { Database } from '../../store/schema'
import type { HouseholdAssessmentTable } from '../../store/tables/households'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { buildAssessment } from '../households/assess'
import { toMember } from '../households/rows'
import { effectiveStandards } from '../households/standards'
import { listCycles, requireCycle } from './cycles'

type Db = Kysely<Database> | Transaction<Database>

interface Moved {
  caseId: string
  householdId: string
  code: string
  headName: string
  stage: string
  from: Classification
  row: HouseholdAssessmentTable
}

/**
 * Re-classifies every case of the year that has a survey result under `to`: indicators are carried
 * over by their key (an indicator the old standard did not have starts not deprived), those the new
 * standard derives from members are derived again, and the B1 score entered stays as entered.
 */
async function reclassify(ctx: ServiceContext, db: Db, year: number, from: PovertyStandard | undefined, to: PovertyStandard) {
  const rows = await db
    .selectFrom('review_cases as c')
    .innerJoin('households as h', 'h.id', 'c.household_id')
    .innerJoin('household_assessments as a', (j) => j.onRef('a.household_id', '=', 'c.household_id').onRef('a.year', '=', 'c.year'))
    .selectAll('a')
    .select(['c.id as case_id', 'c.stage', 'h.code', 'h.head_name', 'h.livelihood'])
    .where('c.year', '=', year)
    .where('c.origin', '<>', 'ongoing')
    .orderBy('h.head_name_sort')
    .execute()
  const ids = rows.map((r) => r.household_id)
  const members = new Map<string, Member[]>()
  const previous = new Map<string, Classification>()
  // Chunked: SQLite limits the number of bound parameters of one statement.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const m of await db.selectFrom('household_members').selectAll().where('household_id', 'in', chunk).orderBy('position').execute()) {
      members.set(m.household_id, [...(members.get(m.household_id) ?? []), toMember(m)])
    }
    const prev = await db
      .selectFrom('household_assessments')
      .select(['household_id', 'classification'])
      .where('household_id', 'in', chunk)
      .where('year', '=', year - 1)
      .execute()
    for (const p of prev) previous.set(p.household_id, p.classification)
  }
  const keyOf = new Map((from?.indicators ?? []).map((i) => [i.no, i.key]))
  const newIndicators = to.indicators.filter((i) => !from?.indicators.some((o) => o.key === i.key)).map((i) => `${i.no}. ${i.name}`)
  const at = ctx.now().toISOString()
  const moved: Moved[] = rows.map((r) => {
    const old = JSON.parse(r.indicators_json) as IndicatorValue[]
    const byKey = new Map(old.map((v) => [keyOf.get(v.no) ?? `#${v.no}`, v]))
    const entered = to.indicators.flatMap((i) => {
      const v = byKey.get(i.key)
      return v && v.source !== 'derived' ? [{ ...v, no: i.no }] : []
    })
    const { row } = buildAssessment({
      householdId: r.household_id,
      standard: to,
      areaType: r.area_type,
      input: { year, incomePerPersonMonth: r.income_per_person_month, housingAreaM2: r.housing_area_m2, indicators: entered },
      members: members.get(r.household_id) ?? [],
      memberCount: (members.get(r.household_id) ?? []).length,
      previous: previous.get(r.household_id) ?? null,
      livelihood: r.livelihood,
      b1Score: r.income_score,
      existingId: r.id,
      at,
      // An imported result named its deprivations directly: nothing was derived then, nothing is now.
      deriveFromMembers: old.some((v) => v.source === 'derived'),
    })
    return {
      caseId: r.case_id,
      householdId: r.household_id,
      code: r.code,
      headName: r.head_name,
      stage: r.stage,
      from: r.classification,
      row: { ...row, created_at: r.created_at },
    }
  })
  return { moved, newIndicators }
}

async function prepare(ctx: ServiceContext, db: Db, standards: readonly PovertyStandard[], year: number, standardId: string) {
  const cycle = await requireCycle(db, year)
  if (cycle.state === 'approved') {
    throw new ApiError(
      'BAD_INPUT',
      `Kỳ rà soát năm ${year} đã được phê duyệt (Quyết định số ${cycle.decision_number}): không chuyển chuẩn nghèo được. Kết quả từng hộ chỉ điều chỉnh được sau khi người phê duyệt mở lại hộ đó.`,
      ['year'],
    )
  }
  const to = standards.find((s) => s.id === standardId)
  if (!to) {
    throw new ApiError('NOT_FOUND', `Không có chuẩn nghèo "${standardId}" (có: ${standards.map((s) => s.id).join(', ')}).`, ['standardId'])
  }
  if (to.id === cycle.standard_id) throw new ApiError('BAD_INPUT', `Kỳ rà soát năm ${year} đã theo ${to.name}.`, ['standardId'])
  const from = standards.find((s) => s.id === cycle.standard_id)
  return { cycle, from, to, ...(await reclassify(ctx, db, year, from, to)) }
}

function summary(year: number, p: Awaited<ReturnType<typeof prepare>>): RestandardPreview {
  const changed = p.moved.filter((m) => m.row.classification !== m.from)
  return {
    year,
    fromStandardId: p.cycle.standard_id,
    fromStandardName: p.from?.name ?? p.cycle.standard_id,
    toStandardId: p.to.id,
    toStandardName: p.to.name,
    reclassified: p.moved.length,
    changed: changed.length,
    backToSurvey: changed.filter((m) => m.stage === 'met' || m.stage === 'posted').length,
    changes: changed.map((m) => ({ caseId: m.caseId, code: m.code, headName: m.headName, from: m.from, to: m.row.classification })),
    newIndicators: p.newIndicators,
  }
}

/** What moving the review would do: how many cases are re-classified and how many change class. Writes nothing. */
export async function previewRestandard(ctx: ServiceContext, raw: z.input<typeof RestandardPreviewSchema>): Promise<RestandardPreview> {
  const input = RestandardPreviewSchema.parse(raw)
  return summary(input.year, await prepare(ctx, ctx.store.db, await effectiveStandards(ctx), input.year, input.standardId))
}

/**
 * Moves an open review to another standard in one audited transaction, with the reason: the cycle's
 * standard, every case's result re-classified, and the cases already met or posted whose class
 * changes sent back to "surveyed" for a new village meeting. Refused once the review is approved.
 */
export async function restandardReview(
  ctx: ServiceContext,
  raw: z.input<typeof RestandardSchema>,
): Promise<{ cycle: Cycle; preview: RestandardPreview }> {
  const input = RestandardSchema.parse(raw)
  const at = ctx.now().toISOString()
  let result: RestandardPreview | null = null
  // Read before the transaction: the store has one connection, so a query outside `trx` inside it would wait forever.
  const standards = await effectiveStandards(ctx)
  await ctx.store.db.transaction().execute(async (trx) => {
    const p = await prepare(ctx, trx, standards, input.year, input.standardId)
    result = summary(input.year, p)
    for (const m of p.moved) {
      householdWriter(ctx.store).setAssessment(m.row)
      if (m.row.classification === m.from) continue
      const back = m.stage === 'met' || m.stage === 'posted'
      if (back) await trx.updateTable('review_cases').set({ stage: 'surveyed', updated_at: at }).where('id', '=', m.caseId).execute()
      await audit(trx, ctx, {
        entity: 'review_case',
        entityId: m.caseId,
        action: 'restandard',
        before: { classification: m.from, stage: m.stage },
        after: {
          classification: m.row.classification,
          stage: back ? 'surveyed' : m.stage,
          note: `Chuyển sang ${p.to.name}: ${CLASS_LABEL[m.from]} → ${CLASS_LABEL[m.row.classification]}${back ? ' (cần họp thôn lại)' : ''}`,
        },
      })
    }
    await trx
      .updateTable('review_cycles')
      .set({ standard_id: p.to.id, standard_reason: input.reason, updated_at: at })
      .where('id', '=', p.cycle.id)
      .execute()
    await audit(trx, ctx, {
      entity: 'review_cycle',
      entityId: p.cycle.id,
      action: 'restandard',
      before: p.cycle,
      after: {
        ...p.cycle,
        standard_id: p.to.id,
        standard_reason: input.reason,
        reclassified: result.reclassified,
        changed: result.changed,
        backToSurvey: result.backToSurvey,
      },
    })
  })
  const cycle = (await listCycles(ctx)).find((c) => c.year === input.year)!
  return { cycle, preview: result! }
}
