import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import type { Insertable } from 'kysely'
import { it } from 'vitest'
import { openStore, type Store } from '../../electron/main/store/open'
import { bulkInsert } from '../../electron/main/store/bulk'
import type { HouseholdTable } from '../../electron/main/store/schema'
import { median, record } from './record'

const N = 100_000
const ROUNDS = 5

function rows(unitId: string): Insertable<HouseholdTable>[] {
  const at = '2026-01-01T00:00:00.000Z'
  return Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    code: `H${String(i).padStart(7, '0')}`,
    unit_id: unitId,
    head_name: `Nguyễn Văn ${i}`,
    head_name_folded: `nguyen van ${i}`,
    area_type: i % 5 === 0 ? 'urban' : 'rural',
    ethnicity: 'Kinh',
    address: '',
    phone: '',
    notes: '',
    created_at: at,
    updated_at: at,
  }))
}

async function freshStore(dir: string, name: string): Promise<{ store: Store; unitId: string }> {
  const store = await openStore(join(dir, `${name}.sqlite`))
  const unitId = randomUUID()
  await store.db
    .insertInto('admin_units')
    .values({
      id: unitId,
      parent_id: null,
      kind: 'village',
      code: '',
      name: 'Thôn',
      name_folded: 'thon',
      active: 1,
      created_at: '',
      updated_at: '',
    })
    .execute()
  return { store, unitId }
}

it('store bulk insert vs raw better-sqlite3 prepared inserts, 100,000 households', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  const storeTimes: number[] = []
  const rawTimes: number[] = []
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so page-cache and GC effects fall on both sides equally.
      const order = round % 2 === 0 ? ['raw', 'store'] : ['store', 'raw']
      for (const side of order) {
        // Raw: the same schema and pragmas, one prepared statement, one transaction.
        if (side === 'raw') {
          const { store, unitId } = await freshStore(dir, `raw-${round}`)
          const data = rows(unitId)
          const raw: Database.Database = store.sqlite
          const keys = Object.keys(data[0]!)
          const stmt = raw.prepare(`insert into households (${keys.join(', ')}) values (${keys.map(() => '?').join(', ')})`)
          const t0 = performance.now()
          raw.transaction(() => {
            for (const r of data)
              stmt.run(
                r.id,
                r.code,
                r.unit_id,
                r.head_name,
                r.head_name_folded,
                r.area_type,
                r.ethnicity,
                r.address,
                r.phone,
                r.notes,
                r.created_at,
                r.updated_at,
              )
          })()
          rawTimes.push(performance.now() - t0)
          await store.close()
        } else {
          const { store, unitId } = await freshStore(dir, `store-${round}`)
          const data = rows(unitId)
          const t0 = performance.now()
          await bulkInsert(store, 'households', data)
          storeTimes.push(performance.now() - t0)
          await store.close()
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const s = median(storeTimes)
  const r = median(rawTimes)
  record({ name: 'store.insert.households.100k.raw', value: r, unit: 'ms' })
  record({ name: 'store.insert.households.100k', value: s, unit: 'ms', ratio: s / r, target: 1.3 })
})
