import { sql, type Kysely } from 'kysely'

// The annual and ongoing review, village meetings, approval decisions, the recognised-results ledger
// and the plan's targets (issue 4). Immutable once released: later changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    // The standard is fixed when the review opens, so a later data update cannot reclassify a closed year.
    .addColumn('standard_id', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'approved')`))
    .addColumn('decision_number', 'text')
    .addColumn('decision_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('review_cycles_year').on('review_cycles').columns(['office_id', 'year']).unique().execute()

  await db.schema
    .createTable('review_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('admin_units.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('chair', 'text', (c) => c.notNull())
    .addColumn('secretary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attendees', 'integer', (c) => c.notNull().check(sql`attendees > 0`))
    .addColumn('attendee_names_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('review_meetings_unit').on('review_meetings').columns(['year', 'unit_id']).execute()

  await db.schema
    .createTable('review_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('register', 'applicant', 'ongoing')`))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ('listed', 'surveyed', 'redo', 'met', 'posted', 'approved')`))
    // Approved results are locked; a correction unlocks one case with a reason (audited).
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('applied_on', 'text')
    .addColumn('due_on', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('screening_json', 'text')
    .addColumn('meeting_id', 'text', (c) => c.references('review_meetings.id'))
    .addColumn('agree_percent', 'real', (c) => c.check(sql`agree_percent between 0 and 100`))
    .addColumn('posted_on', 'text')
    .addColumn('decision_number', 'text')
    .addColumn('decision_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // One annual case per household and year; ongoing cases may be many.
  await db.schema
    .createIndex('review_cases_annual')
    .on('review_cases')
    .columns(['year', 'household_id'])
    .unique()
    .where(sql.ref('origin'), '<>', 'ongoing')
    .execute()
  await db.schema.createIndex('review_cases_household').on('review_cases').columns(['household_id', 'year']).execute()
  await db.schema.createIndex('review_cases_stage').on('review_cases').columns(['year', 'stage']).execute()

  await db.schema
    .createTable('review_votes')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('review_meetings.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('review_cases.id').onDelete('cascade'))
    .addColumn('agree_percent', 'real', (c) => c.notNull().check(sql`agree_percent between 0 and 100`))
    .addPrimaryKeyConstraint('review_votes_pk', ['meeting_id', 'case_id'])
    .execute()

  // What the commune chair recognised and from when: one row per approval, never updated. Movements
  // between two dates read the latest row on or before each date.
  await db.schema
    .createTable('review_results')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('decision_number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('review_results_household').on('review_results').columns(['household_id', 'effective_on']).execute()

  // Movements read only (household, year, class) of every assessment; the rows themselves carry the
  // indicators and reasons as JSON (~1 KB each), so a covering index lets the movement query scan a
  // few MB instead of the whole table (500,000 households × 2 years: tests/bench/review-movements).
  await db.schema
    .createIndex('household_assessments_movement')
    .on('household_assessments')
    .columns(['household_id', 'year', 'classification'])
    .execute()

  await db.schema
    .createTable('review_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commune_id', 'text', (c) => c.references('admin_units.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('rate_drop', 'count_reduction')`))
    .addColumn('measure', 'text', (c) => c.notNull().check(sql`measure in ('poor', 'multidimensional')`))
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('base_year', 'integer')
    .addColumn('from_year', 'integer', (c) => c.notNull())
    .addColumn('to_year', 'integer', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.references('plans.id').onDelete('set null'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}
