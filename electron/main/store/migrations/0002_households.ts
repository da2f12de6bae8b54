import type { Kysely } from 'kysely'

// Reserved for the households domain's tables; filled before the first release.
export async function up(_db: Kysely<unknown>): Promise<void> {}
