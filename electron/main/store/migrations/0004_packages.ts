import type { Kysely } from 'kysely'

// Reserved for the packages domain's tables; filled before the first release.
export async function up(_db: Kysely<unknown>): Promise<void> {}
