import { sql, type Kysely } from 'kysely'

// Issue 18: keys on a USB token, trust through CA certificates and CRLs. Immutable once released.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A signing key may live on a PKCS#11 token: then the row names the token (token_json) and holds
  // no sealed key. SQLite cannot widen a CHECK, so the table is rebuilt with the same rows.
  await db.schema
    .createTable('signing_keys_0014')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('sealed_key_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('generated', 'imported', 'token')`))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('token_json', 'text')
    .execute()
  await sql`insert into signing_keys_0014 (id, fingerprint, certificate_pem, sealed_key_json, source, active, created_at)
    select id, fingerprint, certificate_pem, sealed_key_json, source, active, created_at from signing_keys`.execute(db)
  await db.schema.dropTable('signing_keys').execute()
  await sql`alter table signing_keys_0014 rename to signing_keys`.execute(db)

  // Certification authorities this installation trusts: a signer's certificate that chains to one
  // of them is accepted (with the checks of export/signing/chain.ts).
  await db.schema
    .createTable('trusted_cas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('self_signed', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'removed')`))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute()

  // Revocation lists imported from files (offline). The newest per issuer is the one used.
  await db.schema
    .createTable('crls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('ca_fingerprint', 'text', (c) => c.notNull())
    .addColumn('this_update', 'text', (c) => c.notNull())
    .addColumn('next_update', 'text')
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('der_base64', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute()
}
