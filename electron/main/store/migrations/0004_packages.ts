import { sql, type Kysely } from 'kysely'

// Signed report packages: own keys, trusted certificates, packages sent and received, row origins.
// Immutable once released: later changes go in a new numbered migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('sealed_key_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('generated', 'imported')`))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('trusted_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('office', 'province')`))
    .addColumn('office_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'revoked')`))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute()

  await db.schema
    .createTable('packages_sent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().unique())
    .addColumn('manifest_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_hash', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('copy_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sent', 'accepted', 'rejected')`))
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('receipt_id', 'text')
    .addColumn('receipt_at', 'text')
    .execute()

  await db.schema
    .createTable('packages_received')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_code', 'text', (c) => c.notNull())
    .addColumn('office_name', 'text', (c) => c.notNull())
    .addColumn('signer_fingerprint', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('manifest_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('accepted', 'superseded', 'rejected')`))
    .addColumn('superseded_by', 'text')
    .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('diff_json', 'text', (c) => c.notNull())
    .addColumn('manifest_json', 'text', (c) => c.notNull())
    .execute()
  // One package per office and sequence number: a second one with the same number is a fork.
  await db.schema
    .createIndex('packages_received_office_seq')
    .on('packages_received')
    .columns(['office_code', 'sequence'])
    .unique()
    .execute()

  await db.schema
    .createTable('package_row_origin')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('office_code', 'text', (c) => c.notNull())
    .addColumn('package_id', 'text', (c) => c.notNull())
    .addColumn('row_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('package_row_origin_pk', ['table_name', 'row_id'])
    .execute()
  await db.schema.createIndex('package_row_origin_office').on('package_row_origin').columns(['office_code', 'table_name']).execute()
}
