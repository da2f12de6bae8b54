import { randomUUID } from 'node:crypto'
import { BUILTIN_STANDARDS, standardForReview } from '@shared/standards'
import { classify } from '@shared/standards/classify'
import { fold } from '@shared/text/fold'
import type { ServiceContext } from '../context'
import { requireOffice } from '../office'
import type { OfficeProfile } from '@shared/domain/office'
import type { OfficeLevel } from '@shared/domain/office-levels'
import { demoStructure, weightedLeaf, type DemoUnitRow } from './demo-units'
import { withBulkCache } from './bulk-cache'
import { prepareInsert } from '../../store/prepared'
import { householdWriter } from '../../store/households'
import { formatCode } from './rows'

// Realistic names and places, with correct diacritics, for tests, benchmarks and `--demo`.
const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Lò',
  'Vàng',
  'Hà',
  'Nông',
  'Triệu',
]
const MIDDLE_M = ['Văn', 'Đức', 'Hữu', 'Minh', 'Quang', 'Công', 'A', 'Thành']
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Thị Thu']
const GIVEN_M = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hải',
  'Hùng',
  'Khánh',
  'Long',
  'Nam',
  'Phúc',
  'Quân',
  'Sáng',
  'Thắng',
  'Toàn',
  'Vinh',
  'Pao',
  'Sử',
]
const GIVEN_F = [
  'Anh',
  'Chi',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hoa',
  'Lan',
  'Lụa',
  'Mai',
  'Ngân',
  'Nhung',
  'Phương',
  'Thảo',
  'Trang',
  'Xuân',
  'Yến',
]
const ETHNIC = ['Kinh', 'Kinh', 'Kinh', 'Tày', 'Thái', 'Mường', 'Nùng', "H'Mông", 'Dao']
const VILLAGES = [
  'Thôn Đồng Tâm',
  'Bản Nà Phặc',
  'Thôn Khe Mạ',
  'Bản Sáng',
  'Xóm Mới',
  'Thôn Tân Lập',
  'Tổ 1',
  'Tổ 2',
  'Thôn Bình Minh',
  'Bản Pắc Cáy',
]

/** Livelihoods of generated rural households, in turn: mostly farming, as in a rural commune. */
const RURAL_LIVELIHOODS = ['farming', 'farming', 'farming', 'forestry', 'farming', 'fishery', 'other', 'farming', 'salt', 'other'] as const

/** mulberry32: a tiny seeded generator, so the same seed always gives the same register. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Where generated households go, as a function of one random number (so the households themselves
 * are the same for a seed whatever the tree). An office with no units under it gets the tree of its
 * level (demoStructure: a commune office its villages, a district office communes and villages); a
 * commune office that has villages spreads households over them; any other tree keeps what the
 * generator always did: ten fixed villages under the first commune (or a new one).
 */
function demoLeaves(
  units: { id: string; name: string; kind: string; parent_id: string | null }[],
  office: OfficeProfile,
  level: OfficeLevel,
  rnd: () => number,
  insert: (u: DemoUnitRow) => void,
): (r: number) => string {
  const commune = units.find((u) => u.kind === 'commune' && u.parent_id === null) ?? null
  const villagesOf = (id: string) => units.filter((u) => u.parent_id === id && u.kind === 'village')
  const bare = units.length === 0 || (level === 'commune' && units.every((u) => u.kind === 'commune'))
  if (bare && level !== 'province') {
    const { create, leaves } = demoStructure(level, office, rnd, level === 'commune' ? commune : null)
    create.forEach(insert)
    return weightedLeaf(leaves)
  }
  if (level === 'commune' && commune && villagesOf(commune.id).length > 0) {
    return weightedLeaf(villagesOf(commune.id).map((v) => ({ id: v.id, weight: 0.4 + rnd() * 1.6 })))
  }
  let root = units.find((u) => u.kind === 'commune')?.id
  if (!root) {
    root = randomUUID()
    insert({ id: root, parent_id: null, kind: 'commune', code: '', name: office.name, name_folded: fold(office.name) })
  }
  const villageIds = VILLAGES.map((name) => {
    const known = units.find((u) => u.name === name)
    if (known) return known.id
    const id = randomUUID()
    insert({ id, parent_id: root, kind: 'village', code: '', name, name_folded: fold(name) })
    return id
  })
  return (r) => villageIds[Math.floor(r * villageIds.length)]!
}

/**
 * Fills the register with `count` generated households, their members and `years` of
 * assessments, in one transaction through the household writer (store/households.ts), as the import, in the units
 * demoLeaves gives.
 */
export async function generateDemoData(
  ctx: ServiceContext,
  opts: { households: number; seed?: number; years?: number[]; level?: OfficeLevel },
): Promise<number> {
  const office = await requireOffice(ctx)
  const rnd = seededRandom(opts.seed ?? 1)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const years = opts.years ?? [2023, 2024, 2025]
  const at = ctx.now().toISOString()
  const store = ctx.store
  const db = store.db
  return db.connection().execute(() =>
    withBulkCache(store, async () => {
      store.sqlite.exec('begin immediate')
      try {
        const units = store.sqlite.prepare('select id, name, kind, parent_id from admin_units').all() as {
          id: string
          name: string
          kind: string
          parent_id: string | null
        }[]
        const insertUnit = prepareInsert(store, (r) => db.insertInto('admin_units').values(r), {
          id: '',
          parent_id: null as string | null,
          kind: '',
          code: '',
          name: '',
          name_folded: '',
          active: 1,
          created_at: at,
          updated_at: at,
        })
        const leafOf = demoLeaves(units, office, opts.level ?? office.level, seededRandom((opts.seed ?? 1) ^ 0x5eed), (u) =>
          insertUnit({ ...u, active: 1, created_at: at, updated_at: at }),
        )
        const startNo = (store.sqlite.prepare('select count(*) as n from households').get() as { n: number }).n + 1
        const writer = householdWriter(store)
        for (let n = 0; n < opts.households; n++) {
          const id = randomUUID()
          const size = 1 + Math.floor(rnd() * 6)
          const family = pick(FAMILY)
          const ethnicity = pick(ETHNIC)
          const members = Array.from({ length: size }, (_, i) => {
            const male = i === 0 ? rnd() < 0.7 : rnd() < 0.5
            const born = i === 0 ? 1950 + Math.floor(rnd() * 50) : i === 1 ? 1955 + Math.floor(rnd() * 45) : 1995 + Math.floor(rnd() * 28)
            // Unique by construction (a serial per member), shaped like a CCCD: 0 + province 20 + 9 digits.
            const citizen = rnd() < 0.8 ? `020${String((startNo + n) * 8 + i).padStart(9, '0')}` : ''
            return {
              id: randomUUID(),
              fullName: `${i < 2 && i === 1 ? pick(FAMILY) : family} ${male ? pick(MIDDLE_M) : pick(MIDDLE_F)} ${male ? pick(GIVEN_M) : pick(GIVEN_F)}`,
              sex: (male ? 'male' : 'female') as 'male' | 'female',
              birthDate:
                rnd() < 0.5
                  ? String(born)
                  : `${born}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
              citizenId: citizen.length === 12 ? citizen : '',
              relationship: (i === 0 ? 'head' : i === 1 ? 'spouse' : 'child') as 'head' | 'spouse' | 'child',
              ethnicity,
              healthInsurance: rnd() < 0.85,
              schooling: (born > 2008 ? (rnd() < 0.9 ? 'attending' : 'not_attending') : 'not_applicable') as
                'attending' | 'not_attending' | 'not_applicable',
              working: (born > 2008 ? 'child' : rnd() < 0.6 ? 'no_contract' : 'contract') as 'child' | 'no_contract' | 'contract',
            }
          })
          const head = members[0]!
          const code = formatCode(startNo + n)
          const area = rnd() < 0.8 ? ('rural' as const) : ('urban' as const)
          const base = 600_000 + Math.floor(rnd() * 3_000_000)
          // Not drawn from the seeded sequence, so a seed gives the same households as before the field existed.
          const livelihood = area === 'urban' ? (n % 6 === 0 ? 'farming' : 'other') : RURAL_LIVELIHOODS[n % RURAL_LIVELIHOODS.length]!
          let previous: ReturnType<typeof classify>['class'] | null = null
          const assessments = years.map((year) => {
            // A past year's result is that year's review's, under the standard the data gives that review.
            const standard = standardForReview(BUILTIN_STANDARDS, year)!
            const income = Math.round((base * (1 + 0.08 * (year - years[0]!))) / 10_000) * 10_000
            const deprived = standard.indicators.filter(() => rnd() < 0.18).map((i) => i.no)
            const result = classify(standard, { areaType: area, incomePerPersonMonth: income, deprived, previous, livelihood })
            previous = result.class
            return {
              id: randomUUID(),
              household_id: id,
              year,
              standard_id: standard.id,
              area_type: area,
              income_per_person_month: income,
              housing_area_m2: null as number | null,
              indicators_json: JSON.stringify(
                standard.indicators.map((i) => ({ no: i.no, deprived: deprived.includes(i.no), value: '', source: 'entered' })),
              ),
              deprived_count: deprived.length,
              // No B1 score: nobody filled form B1 for generated data.
              income_score: null as number | null,
              deprivation_score: result.scores.deprivation,
              classification: result.class,
              reasons_json: JSON.stringify(result.reasons),
              created_at: at,
              updated_at: at,
            }
          })
          const groups = [
            ethnicity !== 'Kinh' ? 'ethnic_minority' : null,
            rnd() < 0.05 ? 'meritorious' : null,
            rnd() < 0.05 ? 'no_working_capacity' : null,
          ].filter(Boolean)
          writer.create(
            {
              id,
              code,
              unit_id: leafOf(rnd()),
              head_name: head.fullName,
              area_type: area,
              ethnicity,
              address: '',
              phone: rnd() < 0.5 ? `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}` : '',
              notes: '',
              office_id: office.id,
              member_count: size,
              special_groups: JSON.stringify(groups),
              poverty_causes: JSON.stringify(rnd() < 0.5 ? [pick(['land', 'capital', 'labour', 'skills', 'illness'])] : []),
              livelihood,
              created_at: at,
              updated_at: at,
            },
            members,
            assessments,
          )
          if (n % 5000 === 4999) await new Promise((ok) => setImmediate(ok))
        }
        // One audit row for the batch: generated data is not a clerk's edit, but the trail says it happened.
        writer.audit({
          at,
          actor: ctx.actor(),
          entity: 'household',
          entityId: '*',
          action: 'demo-data',
          after: { households: opts.households, seed: opts.seed ?? 1 },
        })
        store.sqlite.exec('commit')
        return opts.households
      } catch (e) {
        if (store.sqlite.inTransaction) store.sqlite.exec('rollback')
        throw e
      }
    }),
  )
}
