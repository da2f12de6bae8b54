import { describe, expect, it } from 'vitest'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import {
  consumeTableDump,
  dumpTable,
  openSnapshotReader,
  SNAPSHOT_FORMAT_VERSION,
  snapshotColumns,
} from '../../electron/main/services/packages/snapshot'
import { snapshotSpec, SNAPSHOT_TABLES } from '../../electron/main/services/packages/snapshot-tables'
import { seedOffice } from './packages-fixture'
import { tempContext } from '../helpers/temp'

/**
 * A package's lines are written by SQLite (json_array, snapshot.ts lineSql) a page of rows at a
 * time. They must be the bytes JSON.stringify gave for the row as better-sqlite3 reads it (the
 * province keeps each line's hash, so an unchanged row re-exported must give the same line):
 * checked on a generated register and on values where SQLite's JSON differs from JavaScript's.
 */
describe('package lines written by SQLite', () => {
  const reference = (ctx: Awaited<ReturnType<typeof tempContext>>, table: string): Buffer => {
    const spec = snapshotSpec(table)!
    const columns = snapshotColumns(ctx.store, spec)
    const order = spec.keyless ? columns : ['id']
    const q = (c: string) => `"${c.replace(/"/g, '""')}"`
    const lines = [
      JSON.stringify({ table, snapshotVersion: SNAPSHOT_FORMAT_VERSION, schemaVersion: ctx.store.schemaVersion, columns }),
      ...(
        ctx.store.sqlite
          .prepare(`select ${columns.map(q).join(', ')} from ${q(table)} order by ${order.map(q).join(', ')}`)
          .raw()
          .all() as unknown[][]
      ).map((row) => JSON.stringify(row)),
    ]
    return Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8')
  }
  const dumped = async (ctx: Awaited<ReturnType<typeof tempContext>>, table: string) => {
    const reader = await openSnapshotReader(ctx.store)
    try {
      const { value: bytes, rows } = await consumeTableDump(ctx.store, reader, table, async (pieces) => {
        const all: Buffer[] = []
        for await (const piece of pieces) all.push(piece)
        return Buffer.concat(all)
      })
      return { bytes, rows }
    } finally {
      await reader.close()
    }
  }

  it('gives the bytes JSON.stringify gave, for every table of a generated register and for awkward values', async () => {
    const ctx = await tempContext()
    await seedOffice(ctx, { code: '14563', name: 'Tân Thành', villages: 3 })
    await generateDemoData(ctx, { households: 1500, seed: 5, years: [2024, 2025] })
    const sqlite = ctx.store.sqlite
    // Values where SQLite's JSON text is not JavaScript's: integral and tiny reals, reals past
    // 1e21, integers past 2^53, a blob; and text needing escapes.
    const someHousehold = sqlite.prepare('select id from households order by id limit 1').pluck().get() as string
    const assessment = sqlite.prepare('select * from household_assessments where household_id = ? limit 1').get(someHousehold) as Record<
      string,
      unknown
    >
    const awkward: [string, unknown][] = [
      ['housing_area_m2', 40.0],
      ['housing_area_m2', 0.30000000000000004],
      ['housing_area_m2', 1e21],
      ['housing_area_m2', 1e-7],
      ['housing_area_m2', 5e-324],
      ['income_per_person_month', 9007199254740993n],
      ['reasons_json', Buffer.from([0, 1, 2, 255])],
      ['indicators_json', 'quote " backslash \\ tab \t nl \n cr \r ctl \u0001\u001f del \u007f ls \u2028 é 𠀀 /'],
    ]
    sqlite.pragma('ignore_check_constraints = ON')
    const insert = (column: string, value: unknown, n: number) => {
      const row = { ...assessment, id: `~awkward-${n}`, year: 1900 + n, [column]: value }
      const cols = Object.keys(row)
      sqlite
        .prepare(`insert into household_assessments (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`)
        .run(...cols.map((c) => row[c] as never))
    }
    awkward.forEach(([column, value], n) => insert(column, value, n))
    sqlite.pragma('ignore_check_constraints = OFF')

    for (const { table } of SNAPSHOT_TABLES) {
      const { bytes, rows } = await dumped(ctx, table)
      const expected = reference(ctx, table)
      expect(bytes.equals(expected), table).toBe(true)
      expect(rows, table).toBe(expected.toString('utf8').split('\n').length - 2)
    }
    // The generated register spans many pages of rows.
    expect((await dumped(ctx, 'household_members')).rows).toBeGreaterThan(4000)
  })

  it('reads every table from the moment the reader opened, and a table stopped half way does not leak into the next', async () => {
    const ctx = await tempContext()
    await seedOffice(ctx, { code: '14563', name: 'Tân Thành', villages: 2 })
    await generateDemoData(ctx, { households: 600, seed: 7, years: [2025] })
    const before = { households: reference(ctx, 'households'), members: reference(ctx, 'household_members') }
    const reader = await openSnapshotReader(ctx.store)
    try {
      // The clerk goes on working after the export began: the package still holds the earlier moment.
      ctx.store.sqlite.prepare("update households set head_name = 'Đã sửa sau' where id = (select min(id) from households)").run()
      ctx.store.sqlite.prepare('delete from household_members where id = (select max(id) from household_members)').run()
      // A consumer that fails after the first pages (gzip or the disk): the worker has pages in flight.
      const stopped = dumpTable(ctx.store, reader, 'household_members', { rows: 0 })
      await stopped.next()
      await stopped.next()
      await stopped.return(undefined)
      for (const [table, expected] of [
        ['households', before.households],
        ['household_members', before.members],
      ] as const) {
        const count = { rows: 0 }
        const pieces: Buffer[] = []
        for await (const piece of dumpTable(ctx.store, reader, table, count)) pieces.push(piece)
        expect(Buffer.concat(pieces).equals(expected), table).toBe(true)
      }
    } finally {
      await reader.close()
    }
    expect(reference(ctx, 'households').equals(before.households)).toBe(false)
  })

  it('passes a row larger than the reader’s heap (a page lives outside it)', async () => {
    const ctx = await tempContext()
    await seedOffice(ctx, { code: '14563', name: 'Tân Thành', villages: 1 })
    await generateDemoData(ctx, { households: 5, seed: 3, years: [2025] })
    // snapshot-reader.ts gives the worker a 32 MB heap.
    ctx.store.sqlite
      .prepare('update households set address = ? where id = (select max(id) from households)')
      .run(`Thôn Đông ${'x'.repeat(33 * 1024 * 1024)}`)
    const { bytes, rows } = await dumped(ctx, 'households')
    expect(rows).toBe(5)
    expect(bytes.equals(reference(ctx, 'households'))).toBe(true)
  })
})
