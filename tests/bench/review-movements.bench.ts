import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { createContext } from '../../electron/main/app-context'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { setupOffice } from '../../electron/main/services/office'
import { movements } from '../../electron/main/services/reviews/movements'
import { median, record } from './record'

const N = Number(process.env.SGN_BENCH_HOUSEHOLDS ?? 500_000)

/**
 * What a hand-written version would run: one query straight on better-sqlite3, with the same
 * categories, grouped by commune (villages here hang directly under their commune).
 */
const HAND_WRITTEN = `
with ph as (
  select household_id,
    max(case when year = 2024 then classification end) as s,
    max(case when year = 2025 then classification end) as e,
    max(year < 2025 and classification = 'poor') as ever_poor,
    max(year < 2025 and classification = 'near_poor') as ever_near
  from household_assessments where year <= 2025 group by household_id
  having s in ('poor', 'near_poor') or e in ('poor', 'near_poor')
)
select coalesce(v.parent_id, v.id) as commune, g.grp,
  case when ph.s = g.grp and ph.e = g.grp then 'stay' when ph.s = g.grp then 'left' when ph.e = g.grp then 'entered' end as cell,
  case
    when ph.s = g.grp and ph.e is not g.grp then
      case when ph.e in ('poor', 'near_poor') then 'to_other_group' when ph.e is null then 'other' else 'above_line' end
    when ph.e = g.grp and ph.s is not g.grp then
      case when ph.s in ('poor', 'near_poor') then 'from_other_group'
           when (g.grp = 'poor' and ph.ever_poor) or (g.grp = 'near_poor' and ph.ever_near) then 'fell_back'
           when not ph.ever_poor and not ph.ever_near then 'new' else 'other' end
  end as reason,
  count(*) as households, sum(h.member_count) as persons
from ph join households h on h.id = ph.household_id join admin_units v on v.id = h.unit_id
cross join (select 'poor' as grp union all select 'near_poor') g
where cell is not null
group by 1, 2, 3, 4`

it(`movements over ${N.toLocaleString('en')} households and two years: service vs a hand-written query`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-'))
  const ctx = await createContext({ dbPath: join(dir, 'movements.sqlite') })
  try {
    await setupOffice(ctx, {
      office: { code: 'B', name: 'Bench', provinceCode: '20', standardId: 'mdp-2022-2025' },
      units: [{ kind: 'commune', code: '06100', name: 'Xã Bench', parentIndex: null }],
    })
    await generateDemoData(ctx, { households: N, seed: 42, years: [2024, 2025] })
    ctx.store.sqlite.exec('analyze')
    const raw = ctx.store.sqlite.prepare(HAND_WRITTEN)
    const service: number[] = []
    const hand: number[] = []
    let check = 0
    // Interleaved, after one warm-up each, so both see the same page cache.
    raw.all()
    await movements(ctx, { from: { year: 2024 }, to: { year: 2025 } })
    for (let i = 0; i < 5; i++) {
      let t0 = performance.now()
      const rows = raw.all() as { cell: string; grp: string; households: number }[]
      hand.push(performance.now() - t0)
      t0 = performance.now()
      const mine = await movements(ctx, { from: { year: 2024 }, to: { year: 2025 } })
      service.push(performance.now() - t0)
      // Same answer: the start of poor households in total.
      const start = rows.filter((r) => r.grp === 'poor' && r.cell !== 'entered').reduce((s, r) => s + r.households, 0)
      check = mine.find((r) => r.commune === null && r.group === 'poor' && r.unit === 'households')!.start - start
    }
    if (check !== 0) throw new Error(`service and hand-written query disagree by ${check}`)
    const ratio = median(service) / median(hand)
    record({ name: `review.movements.handWritten.${N}`, value: median(hand), unit: 'ms' })
    record({ name: `review.movements.service.${N}`, value: median(service), unit: 'ms', ratio, target: 1.5 })
  } finally {
    await ctx.store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
