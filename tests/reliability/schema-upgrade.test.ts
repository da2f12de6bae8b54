import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION } from '../../electron/main/store/migrations'
import { openStore } from '../../electron/main/store/open'
import { userTables } from '../../electron/main/services/system/db-facts'
import { tempDir } from '../helpers/temp'

const FIXTURES = resolve(import.meta.dirname, '../fixtures')
// One folder per released schema version, built by scripts/make-schema-fixture.mjs.
const VERSIONS = readdirSync(FIXTURES)
  .map((d) => /^schema-v(\d+)$/.exec(d))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => Number(m[1]))
  .sort((a, b) => a - b)

type Row = Record<string, unknown>

/**
 * openStore makes the pre-migration copy with SQLite's online backup API (right for a file in WAL
 * mode), which rewrites three counters in the 100-byte header of the copy: the file change counter
 * (bytes 24–27), the schema cookie (40–43) and the version-valid-for number (92–95). Every other
 * byte, every page included, must be identical.
 */
function sameApartFromHeaderCounters(copy: Buffer, original: Buffer): boolean {
  if (copy.length !== original.length) return false
  const counters = new Set([24, 25, 26, 27, 40, 41, 42, 43, 92, 93, 94, 95])
  for (let i = 0; i < copy.length; i++) if (copy[i] !== original[i] && !counters.has(i)) return false
  return true
}

function dump(path: string): Map<string, Row[]> {
  const raw = new Database(path, { readonly: true })
  try {
    return new Map(userTables(raw).map((t) => [t, raw.prepare(`select * from "${t}" order by rowid`).all() as Row[]]))
  } finally {
    raw.close()
  }
}

describe('databases made by earlier schema versions', () => {
  it('has a fixture for schema v1 at least', () => {
    expect(VERSIONS).toContain(1)
  })

  for (const version of VERSIONS) {
    it(`upgrades a schema v${version} database, keeping a byte-identical copy and every row`, async () => {
      const fixture = join(FIXTURES, `schema-v${version}`, 'office.sqlite')
      const raw = new Database(fixture, { readonly: true })
      expect(raw.pragma('user_version', { simple: true }), 'the fixture is at its version').toBe(version)
      raw.close()
      const before = dump(fixture)
      for (const [table, rows] of before) expect(rows.length, `fixture table ${table} has rows`).toBeGreaterThan(0)

      const path = join(tempDir(), 'office.sqlite')
      copyFileSync(fixture, path)
      const store = await openStore(path, { now: () => new Date('2026-10-01T00:00:00Z') })
      try {
        expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION)
        if (version < LATEST_SCHEMA_VERSION) {
          expect(store.backupBeforeMigration).toBe(`${path}.v${version}-2026-10-01T00-00-00-000Z.bak`)
          expect(existsSync(store.backupBeforeMigration!)).toBe(true)
          expect(sameApartFromHeaderCounters(readFileSync(store.backupBeforeMigration!), readFileSync(fixture)), 'pre-migration copy').toBe(
            true,
          )
        }
      } finally {
        await store.close()
      }

      // Every row of every old table is still there with the same values (new columns may be added).
      const after = dump(path)
      for (const [table, rows] of before) {
        const now = after.get(table)
        expect(now, `table ${table} survived`).toBeDefined()
        expect(now!.length, `row count of ${table}`).toBe(rows.length)
        for (const [i, row] of rows.entries()) {
          const kept = Object.fromEntries(Object.keys(row).map((k) => [k, now![i]![k]]))
          expect(kept, `${table} row ${i}`).toEqual(row)
        }
      }
    })
  }
})
