import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { openStore } from '../../../electron/main/store/open'
import { readFacts, type DbFacts } from '../../../electron/main/services/system/db-facts'

/**
 * What the app would see after a crash: the file opens read-write (so SQLite replays or discards the
 * WAL exactly as on the next start), passes the full `PRAGMA integrity_check` and foreign keys, and
 * openStore (the app's own open path, with quick_check and migrations) accepts it.
 */
export async function expectSoundDatabase(dbPath: string, label: string): Promise<DbFacts> {
  const raw = new Database(dbPath, { fileMustExist: true })
  let facts: DbFacts
  try {
    expect(raw.pragma('integrity_check', { simple: true }), `${label}: integrity_check`).toBe('ok')
    expect(raw.pragma('foreign_key_check'), `${label}: foreign_key_check`).toEqual([])
    facts = readFacts(raw)
  } finally {
    raw.close()
  }
  const store = await openStore(dbPath)
  await store.close()
  return facts
}
