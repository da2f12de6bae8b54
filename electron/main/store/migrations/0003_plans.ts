import { sql, type Kysely } from 'kysely'

// Plans, agencies and the tasks a plan assigns. Immutable once released: later changes go in a new
// numbered migration. Overdue is never stored: it is derived from the clock when tasks are read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('short_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('short_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contact_person', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('number_key', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period_from', 'integer', (c) => c.notNull())
    .addColumn('period_to', 'integer', (c) => c.notNull())
    .addColumn('implements', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('targets', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('original_location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The same number can come back years later (200/KH-UBND of 2021 and of 2024): unique with its date.
  await db.schema.createIndex('plans_number').on('plans').columns(['number_key', 'issued_on']).unique().execute()

  await db.schema
    .createTable('plan_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('seq', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('lead_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('deadline_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('not_started', 'in_progress', 'done')`))
    .addColumn('completed_on', 'text')
    .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('plan_tasks_seq').on('plan_tasks').columns(['plan_id', 'seq']).unique().execute()
  await db.schema.createIndex('plan_tasks_lead').on('plan_tasks').column('lead_agency_id').execute()

  await db.schema
    .createTable('task_coordinators')
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addPrimaryKeyConstraint('task_coordinators_pk', ['task_id', 'agency_id'])
    .execute()
  await db.schema.createIndex('task_coordinators_agency').on('task_coordinators').column('agency_id').execute()

  await db.schema
    .createTable('task_units')
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('admin_units.id'))
    .addPrimaryKeyConstraint('task_units_pk', ['task_id', 'unit_id'])
    .execute()

  // No foreign key to households yet: the register is being rebuilt on another branch. Ids only.
  await db.schema
    .createTable('task_households')
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id'))
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_households_pk', ['task_id', 'household_id'])
    .execute()

  await db.schema
    .createTable('task_progress')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id'))
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('task_progress_task').on('task_progress').column('task_id').execute()

  await db.schema
    .createTable('task_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('task_reports_task').on('task_reports').column('task_id').execute()
}
