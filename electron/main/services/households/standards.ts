import { ApiError } from '@shared/contract/errors'
import { localToday } from '@shared/domain/deadline'
import { BUILTIN_STANDARDS, standardForEntry, standardForReview, standardInForce } from '@shared/standards'
import {
  applyOverride,
  StandardOverrideSchema,
  StandardOverridesSchema,
  type PovertyStandard,
  type StandardOverride,
  type StandardOverrides,
} from '@shared/standards/schema'
import { audit } from '../audit'
import type { ServiceContext } from '../context'

const KEY = 'standards.overrides'

export async function getOverrides(ctx: ServiceContext): Promise<StandardOverrides> {
  const row = await ctx.store.db.selectFrom('settings').select('value_json').where('key', '=', KEY).executeTakeFirst()
  if (!row) return {}
  const parsed = StandardOverridesSchema.safeParse(JSON.parse(row.value_json))
  // A damaged setting must not stop the register: fall back to the shipped values.
  return parsed.success ? parsed.data : {}
}

/** The shipped standards with this office's corrections of unconfirmed values applied. */
export async function effectiveStandards(ctx: ServiceContext): Promise<PovertyStandard[]> {
  const overrides = await getOverrides(ctx)
  return BUILTIN_STANDARDS.map((s) => applyOverride(s, overrides[s.id]))
}

/** The standard the annual review of `year` uses by the standards' data (before any move). */
export async function standardFor(ctx: ServiceContext, year: number): Promise<PovertyStandard> {
  const s = standardForReview(await effectiveStandards(ctx), year)
  if (!s) throw new ApiError('BAD_INPUT', `Không có chuẩn nghèo cho kỳ rà soát năm ${year}.`, ['year'])
  return s
}

/** The standard in force on a date (ISO): the ongoing review's decision. */
export async function standardOn(ctx: ServiceContext, date: string, path: (string | number)[] = []): Promise<PovertyStandard> {
  const s = standardInForce(await effectiveStandards(ctx), date)
  if (!s) throw new ApiError('BAD_INPUT', `Không có chuẩn nghèo có hiệu lực ngày ${date.split('-').reverse().join('/')}.`, path)
  return s
}

/**
 * The standard a year's assessment entered in the register (form or import) is classified under:
 * the year's annual review's, when that review is open (so the register and the review never
 * disagree on a year's result); otherwise the one in force on the day of entry when it falls in that
 * year; otherwise (a past or future year's list typed in) the one the data gives that year's review.
 * Read outside any transaction (the store has one connection).
 */
export async function standardForAssessment(ctx: ServiceContext, year: number): Promise<PovertyStandard> {
  const [standards, cycle] = await Promise.all([
    effectiveStandards(ctx),
    ctx.store.db.selectFrom('review_cycles').select('standard_id').where('year', '=', year).executeTakeFirst(),
  ])
  const s = standardForEntry(standards, { year, today: localToday(ctx.now()), reviewStandardId: cycle?.standard_id ?? null })
  if (!s) throw new ApiError('BAD_INPUT', `Không có chuẩn nghèo cho năm ${year}.`, ['assessment', 'year'])
  return s
}

/** Corrects (or, with null, restores) a standard's unconfirmed values for this office; audited. */
export async function setOverride(ctx: ServiceContext, standardId: string, override: StandardOverride | null): Promise<PovertyStandard> {
  const base = BUILTIN_STANDARDS.find((s) => s.id === standardId)
  if (!base) throw new ApiError('NOT_FOUND', `Không có chuẩn nghèo "${standardId}".`, ['standardId'])
  const value = override === null ? null : StandardOverrideSchema.parse(override)
  let result = base
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('settings').select('value_json').where('key', '=', KEY).executeTakeFirst()
    const all: StandardOverrides = row ? StandardOverridesSchema.catch({}).parse(JSON.parse(row.value_json)) : {}
    const before = all[standardId] ?? null
    if (value) {
      result = applyOverride(base, value) // throws on values the schema refuses, before anything is written
      all[standardId] = value
    } else delete all[standardId]
    const at = ctx.now().toISOString()
    await trx
      .insertInto('settings')
      .values({ key: KEY, value_json: JSON.stringify(all), updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(all), updated_at: at }))
      .execute()
    await audit(trx, ctx, { entity: 'standard', entityId: standardId, action: 'override', before, after: value })
  })
  return result
}
