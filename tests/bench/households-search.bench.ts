import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { createContext } from '../../electron/main/app-context'
import { setupOffice } from '../../electron/main/services/office'
import { generateDemoData, seededRandom } from '../../electron/main/services/households/demo-data'
import { listHouseholds } from '../../electron/main/services/households/list'
import { record } from './record'

const N = Number(process.env.SGN_BENCH_HOUSEHOLDS ?? 500_000)

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!
}

it(`households search and first page through the service layer, ${N.toLocaleString('en')} households`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  const ctx = await createContext({ dbPath: join(dir, 'search.sqlite') })
  try {
    await setupOffice(ctx, {
      office: { code: 'B', name: 'Bench', provinceCode: '20', standardId: 'mdp-2022-2025' },
      units: [{ kind: 'commune', code: '', name: 'Xã Bench', parentIndex: null }],
    })
    const t0 = performance.now()
    await generateDemoData(ctx, { households: N, seed: 42, years: [2024, 2025] })
    record({ name: `households.generate.${N}`, value: performance.now() - t0, unit: 'ms' })
    ctx.store.sqlite.exec('analyze')
    // Searches a clerk types: names without accents, partial names, citizen ID fragments, and misses.
    const rnd = seededRandom(7)
    const heads = ctx.store.sqlite.prepare('select head_name_folded as n from households where rowid % 997 = 0 limit 200').all() as {
      n: string
    }[]
    const queries: string[] = []
    for (let i = 0; i < 100; i++) {
      const name = heads[Math.floor(rnd() * heads.length)]!.n
      const words = name.split(' ')
      queries.push(
        i % 4 === 0
          ? name
          : i % 4 === 1
            ? words.slice(-2).join(' ')
            : i % 4 === 2
              ? `020${String(Math.floor(rnd() * 4e6))
                  .padStart(9, '0')
                  .slice(0, 6)}`
              : 'khong co ai ten nay',
      )
    }
    const searchTimes: number[] = []
    for (const search of queries) {
      const s0 = performance.now()
      await listHouseholds(ctx, { search, limit: 100 })
      searchTimes.push(performance.now() - s0)
    }
    record({ name: `households.search.p95.${N}`, value: p95(searchTimes), unit: 'ms', note: 'target ≤ 30 ms' })
    const pageTimes: number[] = []
    for (const q of [{}, { year: 2025 }, { classification: 'poor' as const }, { year: 2024, classification: 'near_poor' as const }, {}]) {
      const s0 = performance.now()
      await listHouseholds(ctx, { ...q, limit: 100 })
      pageTimes.push(performance.now() - s0)
    }
    record({ name: `households.firstPage.max.${N}`, value: Math.max(...pageTimes), unit: 'ms', note: 'target ≤ 100 ms' })
  } finally {
    await ctx.store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
