import { sql, type Kysely } from 'kysely'

// Which standard a review uses, the review list of Decision 24/2021, survey data as the forms have
// it and the livelihood of "average living standard" households (issue: the 2026 review under the
// 2027–2030 standard). Immutable once released: later changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The household's main livelihood; null until recorded (only farming, forestry, fishery and
  // salt-making households can be of average living standard).
  await db.schema
    .alterTable('households')
    .addColumn('livelihood', 'text', (c) => c.check(sql`livelihood in ('farming', 'forestry', 'fishery', 'salt', 'other')`))
    .execute()

  // `income_score` now holds the B1 score the surveyor entered from paper form B1. Until now it was
  // computed from income (income × 140 / line), which is not what form B1 is, and no score was ever
  // entered: the computed values are removed so nothing prints a B1 score nobody entered.
  await sql`update household_assessments set income_score = null where income_score is not null`.execute(db)

  // Why a household is on the year's review list: poor or near-poor when the review opened, an
  // application on form 01 (who applied), or added by the clerk with a reason. Null for lists made
  // before this migration (the whole register).
  await db.schema
    .alterTable('review_cases')
    .addColumn('list_basis', 'text', (c) => c.check(sql`list_basis in ('poor', 'near_poor', 'application', 'added')`))
    .execute()
  await db.schema.alterTable('review_cases').addColumn('applicant_name', 'text').execute()

  // A review moved to another standard (the data's, or the province's instruction) keeps the reason;
  // null while the review is under the standard it was opened with. Existing reviews keep theirs.
  await db.schema.alterTable('review_cycles').addColumn('standard_reason', 'text').execute()
}
