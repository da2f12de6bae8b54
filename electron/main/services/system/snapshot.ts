import { rmSync } from 'node:fs'
import SqliteDatabase from 'better-sqlite3'
import type { Store } from '../../store/open'
import { integrityProblems, readFacts, type DbFacts } from './db-facts'

/**
 * Copies the open database to `dest` with SQLite's online backup API: consistent even while the app
 * keeps writing (writes through the same connection are carried into the copy; the copy restarts if
 * another connection writes). The copy is switched to journal_mode DELETE so it is one
 * self-contained file, then checked with `integrity_check` before anyone relies on it.
 */
export async function snapshotStore(store: Store, dest: string): Promise<DbFacts> {
  try {
    await store.sqlite.backup(dest)
    const copy = new SqliteDatabase(dest)
    try {
      copy.pragma('journal_mode = DELETE')
      const problems = integrityProblems(copy)
      if (problems.length) throw new Error(`Bản chụp cơ sở dữ liệu không vượt qua kiểm tra toàn vẹn: ${problems.join('; ')}`)
      return readFacts(copy)
    } finally {
      copy.close()
    }
  } catch (e) {
    rmSync(dest, { force: true })
    rmSync(`${dest}-journal`, { force: true })
    throw e
  }
}
