import type { Classification } from '@shared/domain/households'
import { generateDemoData, seededRandom } from '../../electron/main/services/households/demo-data'
import type { ServiceContext } from '../../electron/main/services/context'
import { setupOffice } from '../../electron/main/services/office'

/**
 * A generated register made messier than the generator alone: three communes (households moved
 * between them), households missing from some years (new to the register, or gone from it), so every
 * movement category has members. Deterministic for a seed.
 */
export async function messyRegister(ctx: ServiceContext, seed: number, households = 600, years = [2021, 2022, 2023, 2024, 2025]) {
  await setupOffice(ctx, {
    office: { code: 'T', name: 'UBND huyện Thử', provinceCode: '20', provinceName: 'Lạng Sơn', standardId: 'mdp-2022-2025' },
    units: [
      { kind: 'commune', code: '06100', name: 'Xã Mẫu Sơn', parentIndex: null },
      { kind: 'commune', code: '06103', name: 'Xã Công Sơn', parentIndex: null },
      { kind: 'village', name: 'Thôn Khuổi Cấp', parentIndex: 1 },
      { kind: 'commune', code: '06106', name: 'Xã Hải Yến', parentIndex: null },
      { kind: 'district', name: 'Cụm Nà Lầu', parentIndex: 3 },
      { kind: 'village', name: 'Bản Nà Lầu', parentIndex: 4 },
    ],
  })
  await generateDemoData(ctx, { households, seed, years })
  const rnd = seededRandom(seed * 7919)
  const db = ctx.store.sqlite
  const otherVillages = db.prepare(`select id from admin_units where name in ('Thôn Khuổi Cấp', 'Bản Nà Lầu')`).all() as { id: string }[]
  const ids = (db.prepare('select id from households order by code').all() as { id: string }[]).map((r) => r.id)
  const move = db.prepare('update households set unit_id = ? where id = ?')
  const drop = db.prepare('delete from household_assessments where household_id = ? and year = ?')
  const setClass = db.prepare('update household_assessments set classification = ? where household_id = ? and year = ?')
  const classes: Classification[] = ['poor', 'near_poor', 'newly_escaped', 'average', 'none']
  db.transaction(() => {
    for (const id of ids) {
      const r = rnd()
      if (r < 0.4) move.run(otherVillages[Math.floor(rnd() * otherVillages.length)]!.id, id)
      // Some households join late (no early years), some leave (no late years).
      const gap = rnd()
      if (gap < 0.12) for (const y of years.slice(0, 1 + Math.floor(rnd() * (years.length - 1)))) drop.run(id, y)
      else if (gap < 0.24) for (const y of years.slice(1 + Math.floor(rnd() * (years.length - 1)))) drop.run(id, y)
      // Shake classes so that falling back and returning happen often enough to count.
      for (const y of years) if (rnd() < 0.25) setClass.run(classes[Math.floor(rnd() * classes.length)]!, id, y)
    }
  })()
  return { years }
}

export type Row = {
  commune: string | null
  group: string
  unit: string
  start: number
  entered: Record<string, number>
  left: Record<string, number>
  end: number
}

/**
 * The movements computed the slow, obvious way, from the lead's definitions, to compare with the SQL:
 * a separate implementation over plain arrays.
 */
export function referenceMovements(ctx: ServiceContext, y1: number, y2: number): Row[] {
  const db = ctx.store.sqlite
  const communes = db.prepare(`select id, code from admin_units where kind = 'commune' order by name`).all() as {
    id: string
    code: string
  }[]
  const units = db.prepare('select id, parent_id, kind from admin_units').all() as { id: string; parent_id: string | null; kind: string }[]
  const byId = new Map(units.map((u) => [u.id, u]))
  const communeOf = (unitId: string): string | null => {
    let u = byId.get(unitId)
    while (u && u.kind !== 'commune') u = u.parent_id ? byId.get(u.parent_id) : undefined
    return u ? u.id : null
  }
  const hh = db.prepare('select id, unit_id, member_count from households').all() as { id: string; unit_id: string; member_count: number }[]
  const ass = db.prepare('select household_id, year, classification from household_assessments').all() as {
    household_id: string
    year: number
    classification: string
  }[]
  const hist = new Map<string, Map<number, string>>()
  for (const a of ass) {
    if (!hist.has(a.household_id)) hist.set(a.household_id, new Map())
    hist.get(a.household_id)!.set(a.year, a.classification)
  }
  const out = new Map<string, Row>()
  const row = (commune: string | null, group: string, unit: string) => {
    const k = `${commune}|${group}|${unit}`
    if (!out.has(k)) out.set(k, { commune, group, unit, start: 0, entered: {}, left: {}, end: 0 })
    return out.get(k)!
  }
  const bump = (rec: Record<string, number>, key: string, n: number) => (rec[key] = (rec[key] ?? 0) + n)
  for (const h of hh) {
    const years = hist.get(h.id) ?? new Map<number, string>()
    const s = years.get(y1) ?? null
    const e = years.get(y2) ?? null
    const before = [...years.entries()].filter(([y]) => y < y2).map(([, c]) => c)
    const cid = communeOf(h.unit_id)
    const code = cid ? communes.find((c) => c.id === cid)!.code || cid : null
    for (const group of ['poor', 'near_poor']) {
      const other = group === 'poor' ? 'near_poor' : 'poor'
      const inS = s === group
      const inE = e === group
      if (!inS && !inE) continue
      let leftReason: string | null = null
      let enteredReason: string | null = null
      if (inS && !inE) leftReason = e === other ? (group === 'poor' ? 'to_near_poor' : 'to_poor') : e === null ? 'other' : 'above_line'
      if (!inS && inE) {
        if (s === other) enteredReason = group === 'poor' ? 'from_near_poor' : 'from_poor'
        else if (before.includes(group)) enteredReason = 'fell_back'
        else if (!before.includes(other)) enteredReason = 'new'
        else enteredReason = 'other'
      }
      for (const unit of ['households', 'persons']) {
        const n = unit === 'households' ? 1 : h.member_count
        for (const target of code === null ? [null] : [code, null]) {
          const r = row(target, group, unit)
          if (inS) r.start += n
          if (inE) r.end += n
          if (leftReason) bump(r.left, leftReason, n)
          if (enteredReason) bump(r.entered, enteredReason, n)
        }
      }
    }
  }
  return [...out.values()]
}
