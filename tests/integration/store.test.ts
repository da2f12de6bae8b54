import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../electron/main/store/open'
import { LATEST_SCHEMA_VERSION } from '../../electron/main/store/migrations'
import { StoreError } from '../../electron/main/store/errors'
import { tempDir } from '../helpers/temp'

describe('openStore', () => {
  it('creates a new file with WAL, foreign keys and the latest schema version stamped', async () => {
    const path = join(tempDir(), 'sub', 'new.sqlite')
    const store = await openStore(path)
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(store.backupBeforeMigration).toBeNull()
    await store.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    raw.close()
  })

  it('reopens its own file without migrating or copying it', async () => {
    const path = join(tempDir(), 'a.sqlite')
    await (await openStore(path)).close()
    const again = await openStore(path)
    expect(again.backupBeforeMigration).toBeNull()
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
    await again.close()
  })

  it('refuses a database from a newer schema and leaves it byte-identical', async () => {
    const dir = tempDir()
    const path = join(dir, 'newer.sqlite')
    await (await openStore(path)).close()
    // Simulate a newer app: one more migration recorded and a higher version stamp.
    const raw = new Database(path)
    raw.pragma('journal_mode = DELETE')
    raw.prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01')").run()
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    raw.close()
    const before = readFileSync(path)

    const error = await openStore(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('DB_NEWER')
    expect((error as StoreError).message).toMatch(/phiên bản mới hơn/)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a file that is not a database, with a plain message, and does not change it', async () => {
    const path = join(tempDir(), 'notes.sqlite')
    writeFileSync(path, 'đây không phải cơ sở dữ liệu'.repeat(100))
    const before = readFileSync(path)
    const error = await openStore(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).message).toMatch(/không phải là cơ sở dữ liệu|Không đọc được/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a damaged database and points to restoring a backup', async () => {
    const dir = tempDir()
    const path = join(dir, 'damaged.sqlite')
    const store = await openStore(path)
    const rows = Array.from({ length: 2000 }, (_, i) => ({ key: `k${i}`, value_json: JSON.stringify('x'.repeat(200)), updated_at: '' }))
    await store.db.insertInto('settings').values(rows).execute()
    await store.close()
    const raw = new Database(path)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    // Overwrite a stretch of pages in the middle of the file (the settings table's b-tree).
    const bytes = readFileSync(path)
    bytes.fill(0xa5, 8192, 8192 + 4096 * 3)
    writeFileSync(path, bytes)
    const copy = join(dir, 'copy.sqlite')
    copyFileSync(path, copy)

    const error = await openStore(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(['DB_CORRUPT', 'DB_NOT_DATABASE']).toContain((error as StoreError).code)
    expect(readFileSync(path).equals(readFileSync(copy))).toBe(true)
  })
})
