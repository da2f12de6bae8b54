import { sql, type Kysely } from 'kysely'

// The household register (issue 3). Immutable once released: later changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  // `households` comes from 0001; the register's own columns are added here.
  const add = (name: string, type: 'text' | 'integer', build: Parameters<ReturnType<typeof db.schema.alterTable>['addColumn']>[2]) =>
    db.schema.alterTable('households').addColumn(name, type, build).execute()
  // Which office owns the record (the office profile id): the province consolidates many offices in one file.
  await add('office_id', 'text', (c) => c.notNull().defaultTo(''))
  await add('member_count', 'integer', (c) => c.notNull().defaultTo(0))
  await add('special_groups', 'text', (c) => c.notNull().defaultTo('[]'))
  await add('poverty_causes', 'text', (c) => c.notNull().defaultTo('[]'))
  // The most recent year's class, kept on the row so the unfiltered list needs no join.
  await add('latest_year', 'integer', (c) => c)
  await add('latest_class', 'text', (c) => c)
  // Binary-sortable key in Vietnamese alphabetical order (SQLite has no Vietnamese collation).
  await add('head_name_sort', 'text', (c) => c.notNull().defaultTo(''))
  // The row of household_fts that indexes this household (FTS5 rowids survive VACUUM; implicit rowids may not).
  await add('search_rowid', 'integer', (c) => c)

  // A code names one household within its office; offices number their households independently.
  await db.schema.dropIndex('households_code').execute()
  await db.schema.createIndex('households_office_code').on('households').columns(['office_id', 'code']).unique().execute()
  await db.schema.createIndex('households_sort').on('households').column('head_name_sort').execute()
  await db.schema.createIndex('households_search_rowid').on('households').column('search_rowid').unique().execute()
  await db.schema.createIndex('households_latest').on('households').columns(['latest_class', 'head_name_sort']).execute()

  await db.schema
    .createTable('household_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('full_name_folded', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('citizen_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('ethnicity', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('health_insurance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('schooling', 'text', (c) => c.notNull())
    .addColumn('working', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('household_members_household').on('household_members').column('household_id').execute()
  // A citizen ID names one person in the whole register (blank when unknown).
  await db.schema
    .createIndex('household_members_citizen_id')
    .on('household_members')
    .column('citizen_id')
    .unique()
    .where(sql.ref('citizen_id'), '<>', '')
    .execute()
  await db.schema.createIndex('household_members_name_birth').on('household_members').columns(['full_name_folded', 'birth_date']).execute()

  await db.schema
    .createTable('household_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('standard_id', 'text', (c) => c.notNull())
    .addColumn('area_type', 'text', (c) => c.notNull().check(sql`area_type in ('rural', 'urban')`))
    .addColumn('income_per_person_month', 'integer', (c) => c.notNull().check(sql`income_per_person_month >= 0`))
    .addColumn('housing_area_m2', 'real')
    .addColumn('indicators_json', 'text', (c) => c.notNull())
    .addColumn('deprived_count', 'integer', (c) => c.notNull())
    .addColumn('income_score', 'integer')
    .addColumn('deprivation_score', 'integer', (c) => c.notNull())
    .addColumn('classification', 'text', (c) =>
      c.notNull().check(sql`classification in ('poor', 'near_poor', 'newly_escaped', 'average', 'none')`),
    )
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('household_assessments_year').on('household_assessments').columns(['household_id', 'year']).unique().execute()
  await db.schema.createIndex('household_assessments_class').on('household_assessments').columns(['year', 'classification']).execute()

  await db.schema
    .createTable('household_support')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id').onDelete('cascade'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('project', 'integer', (c) => c.check(sql`project between 1 and 7`))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('household_support_household').on('household_support').column('household_id').execute()

  // Substring search over folded names, citizen IDs and the code: "van a" finds "Nguyễn Văn A" in
  // milliseconds at 500,000 households, where LIKE '%…%' scans every row (tests/bench/households-search).
  await sql`create virtual table household_fts using fts5(text, tokenize = 'trigram')`.execute(db)
}
