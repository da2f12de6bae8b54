import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { INTEGRITY_RECHECK_MS } from '../../electron/main/store/integrity-record'
import { openStore } from '../../electron/main/store/open'
import { StoreError } from '../../electron/main/store/errors'
import { privateDirOf } from '../../electron/main/services/files/private-temp'
import { tempDir } from '../helpers/temp'

/**
 * The register's integrity check reads every page (126 s for a 2.2 GB register not in the OS
 * cache), so it runs when the file may have changed since this program closed it cleanly, before
 * a migration and at least weekly (store/integrity-record.ts). What must never happen: a file
 * damaged or replaced behind the program's back opened without the check.
 */
describe('when the register is checked at open', () => {
  /** Opens, writes one setting and closes; returns whether the open ran the check. */
  async function openOnce(path: string, write = true): Promise<boolean> {
    performance.clearMeasures('sgn:quick-check')
    const store = await openStore(path)
    const checked = performance.getEntriesByName('sgn:quick-check').length > 0
    if (write) {
      await store.db
        .insertInto('settings')
        .values({ key: `k${Date.now()}${Math.random()}`, value_json: '"x"', updated_at: '' })
        .execute()
    }
    await store.close()
    return checked
  }

  const recordOf = (path: string) =>
    join(
      privateDirOf(path),
      readdirSync(privateDirOf(path)).find((n) => n.startsWith('integrity-'))!,
    )

  it('skips the check after a clean close, writes or not, and checks again once the record is a week old', async () => {
    const path = join(tempDir(), 'xa.sqlite')
    await openOnce(path) // a new register
    expect(await openOnce(path)).toBe(false)
    expect(await openOnce(path, false)).toBe(false)
    expect(await openOnce(path)).toBe(false)
    const record = JSON.parse(readFileSync(recordOf(path), 'utf8')) as { checkedAt: number }
    writeFileSync(recordOf(path), JSON.stringify({ ...record, checkedAt: Date.now() - INTEGRITY_RECHECK_MS - 1000 }))
    expect(await openOnce(path)).toBe(true)
    // The check just made counts from now.
    expect(await openOnce(path)).toBe(false)
  })

  it('checks a file changed by another program, a file copied over it and a write-ahead log left behind', async () => {
    const dir = tempDir()
    const path = join(dir, 'xa.sqlite')
    await openOnce(path)
    expect(await openOnce(path)).toBe(false)

    // Another program writes to it (DB Browser, a script).
    const other = new Database(path)
    other.prepare("insert into settings (key, value_json, updated_at) values ('khac', '1', '')").run()
    other.close()
    expect(await openOnce(path)).toBe(true)

    // A copy from elsewhere written over it in place (same file, same size): its time stamp tells.
    const copy = join(dir, 'ban-sao.sqlite')
    writeFileSync(copy, readFileSync(path))
    expect(await openOnce(path)).toBe(false)
    writeFileSync(path, readFileSync(copy))
    utimesSync(path, new Date(), new Date(Date.now() + 2000))
    expect(await openOnce(path)).toBe(true)

    // A log left by a process that did not close (killed, power cut).
    expect(await openOnce(path)).toBe(false)
    writeFileSync(`${path}-wal`, Buffer.alloc(64))
    expect(await openOnce(path)).toBe(true)
    expect(existsSync(recordOf(path))).toBe(true)
  })

  it('still refuses a file damaged after a clean close, with the same size', async () => {
    const dir = tempDir()
    const path = join(dir, 'hong.sqlite')
    const store = await openStore(path)
    const rows = Array.from({ length: 2000 }, (_, i) => ({ key: `k${i}`, value_json: JSON.stringify('x'.repeat(200)), updated_at: '' }))
    await store.db.insertInto('settings').values(rows).execute()
    await store.close()
    expect(await openOnce(path, false)).toBe(false)
    const bytes = readFileSync(path)
    bytes.fill(0xa5, 8192, 8192 + 4096 * 3)
    writeFileSync(path, bytes)
    const error = await openStore(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('DB_CORRUPT')
  })
})
