import { describe, expect, it } from 'vitest'
import { signedInRouter } from '../helpers/session'
import type { HouseholdInput } from '@shared/domain/households'
import { fixedClock, tempContext } from '../helpers/temp'
import { officeWithVillages } from '../helpers/households'

function family(unitId: string, patch: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    household: { unitId, areaType: 'rural', ethnicity: 'Kinh', specialGroups: ['meritorious'] },
    members: [
      {
        fullName: 'Nguyễn Văn An',
        sex: 'male',
        birthDate: '1970-05-01',
        citizenId: '001070000123',
        relationship: 'head',
        healthInsurance: true,
        working: 'no_contract',
      },
      { fullName: 'Trần Thị Bé', sex: 'female', birthDate: '1975', relationship: 'spouse', healthInsurance: false, working: 'contract' },
      {
        fullName: 'Nguyễn Văn Cu',
        sex: 'male',
        birthDate: '2012-01-01',
        relationship: 'child',
        healthInsurance: true,
        schooling: 'not_attending',
        working: 'child',
      },
    ],
    assessment: { year: 2024, incomePerPersonMonth: 1_200_000, housingAreaM2: 20, indicators: [{ no: 9, deprived: true }] },
    ...patch,
  }
}

describe('household register through the IPC router', () => {
  it('saves a household, derives indicators, classifies, audits, and keeps history across years', async () => {
    const clock = fixedClock('2025-03-01T08:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    const { villages } = await officeWithVillages(ctx)
    const router = await signedInRouter(ctx, 'clerk')
    const saved = await router.invoke('households.save', family(villages['Thôn Đồng Tâm']!))
    if (!saved.ok) throw new Error(saved.error.message)
    const h = saved.data as {
      id: string
      code: string
      assessments: { classification: string; indicators: { no: number; deprived: boolean; source: string }[] }[]
    }
    expect(h.code).toBe('HGD-000001')
    const a = h.assessments[0]!
    // 1 employment (head without contract), 4 insurance (spouse), 6 schooling, 8 area 20/3 < 8 → derived; 9 entered.
    expect(a.indicators.filter((i) => i.deprived).map((i) => i.no)).toEqual([1, 4, 6, 8, 9])
    expect(a.indicators.find((i) => i.no === 4)!.source).toBe('derived')
    expect(a.classification).toBe('poor')

    // The clerk overrides a derived indicator; the override is kept and audited.
    const input = family(villages['Thôn Đồng Tâm']!, { id: h.id })
    input.household.code = h.code
    input.assessment = {
      year: 2024,
      incomePerPersonMonth: 1_200_000,
      housingAreaM2: 20,
      indicators: [
        { no: 9, deprived: true },
        { no: 4, deprived: false, source: 'override' },
        { no: 6, deprived: false, source: 'override' },
        { no: 8, deprived: false, source: 'override' },
      ],
    }
    const edited = await router.invoke('households.save', input)
    if (!edited.ok) throw new Error(edited.error.message)
    expect((edited.data as typeof h).assessments[0]!.classification).toBe('near_poor')
    clock.set('2026-02-01T08:00:00Z')
    // A year later the clerk signs in again (the old session locked long ago).
    const later = await signedInRouter(ctx, 'clerk')
    input.assessment = { year: 2025, incomePerPersonMonth: 2_000_000, housingAreaM2: 20, indicators: [] }
    const next = await later.invoke('households.save', input)
    if (!next.ok) throw new Error(next.error.message)
    expect((next.data as typeof h).assessments.map((x) => [x.classification])).toEqual([['newly_escaped'], ['near_poor']])
    const trail = await later.invoke('households.audit', { id: h.id })
    if (!trail.ok) throw new Error(trail.error.message)
    const changes = (trail.data as { action: string; changes: string[] }[]).flatMap((e) => e.changes)
    expect(changes.some((c) => /Chỉ số 4 năm 2024: thiếu hụt → không \(ghi đè/.test(c))).toBe(true)
    expect(changes).toContain('Phân loại 2024: Hộ nghèo → Hộ cận nghèo')
    const list = await later.invoke('households.list', { classification: 'near_poor', year: 2024 })
    expect(list.ok && (list.data as { total: number }).total).toBe(1)
  })

  it('finds a household by what it is now called: an edit moves it in the search index, long names too', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-03-01T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const router = await signedInRouter(ctx, 'clerk')
    const found = async (search: string) => {
      const r = await router.invoke('households.list', { search })
      if (!r.ok) throw new Error(r.error.message)
      return (r.data as { rows: { headName: string }[] }).rows.map((x) => x.headName)
    }
    const input = family(villages['Thôn Đồng Tâm']!)
    const saved = await router.invoke('households.save', input)
    if (!saved.ok) throw new Error(saved.error.message)
    const { id, code } = saved.data as { id: string; code: string }
    expect(await found('van cu')).toEqual(['Nguyễn Văn An'])
    expect(await found('tran thi')).toEqual(['Nguyễn Văn An'])

    // The child's name changes and the spouse leaves: neither old name finds the household any more.
    const long = 'Nguyễn Thị Phương Thảo Ngọc Bích Hồng Nhung Hoài'
    input.id = id
    input.household.code = code
    input.members = [input.members[0]!, { ...input.members[2]!, fullName: long }]
    const edited = await router.invoke('households.save', input)
    if (!edited.ok) throw new Error(edited.error.message)
    expect(await found('van cu')).toEqual([])
    expect(await found('tran thi')).toEqual([])
    // Longer than an index term (40 characters): the rest is checked on the household's text.
    expect(await found(long)).toEqual(['Nguyễn Văn An'])
    expect(await found(`${long} X`)).toEqual([])
    expect(await found('bich hong')).toEqual(['Nguyễn Văn An'])
    // A name whose 40th folded character is a space: found whole, and by more than 40 characters.
    const spaced = 'Nguyễn Thị Phương Thảo Hoàng Lan Anh Mi Bích'
    input.members = [input.members[0]!, { ...input.members[1]!, fullName: spaced }]
    expect((await router.invoke('households.save', input)).ok).toBe(true)
    expect(await found(spaced)).toEqual(['Nguyễn Văn An'])
    expect(await found(spaced.slice(0, 41))).toEqual(['Nguyễn Văn An'])
    // A letter outside the BMP (CJK Ext-B, used in some Nôm names) at the end of a search.
    input.members = [input.members[0]!, { ...input.members[1]!, fullName: 'Lò 𠏿' }]
    expect((await router.invoke('households.save', input)).ok).toBe(true)
    expect(await found('𠏿')).toEqual(['Nguyễn Văn An'])
    input.members = [input.members[0]!, { ...input.members[1]!, fullName: long }]
    expect((await router.invoke('households.save', input)).ok).toBe(true)
    const terms = ctx.store.sqlite.prepare('select count(*) from household_search_terms').pluck().get()
    // An: 3 words; the long name: 9; the ID; the code (2 word starts).
    expect(terms).toBe(3 + 9 + 1 + 2)

    // Results are in the heads' Vietnamese order, kept when a head is renamed (the terms carry the sort key).
    const second = family(villages['Thôn Khe Mạ']!)
    second.members = [{ ...second.members[0]!, fullName: 'Bùi Văn Cu', citizenId: '' }]
    expect((await router.invoke('households.save', second)).ok).toBe(true)
    expect(await found('van')).toEqual(['Bùi Văn Cu', 'Nguyễn Văn An'])
    input.members[0] = { ...input.members[0]!, fullName: 'Ân Văn An' }
    expect((await router.invoke('households.save', input)).ok).toBe(true)
    expect(await found('van')).toEqual(['Ân Văn An', 'Bùi Văn Cu'])
  })

  it('refuses bad input with the field path and leaves nothing written', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-03-01T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const router = await signedInRouter(ctx, 'clerk')
    const unit = villages['Bản Nà Phặc']!
    const cases: [HouseholdInput, RegExp, (string | number)[]][] = []
    const badId = family(unit)
    badId.members[0]!.citizenId = '12345'
    cases.push([badId, /12 chữ số/, ['members', 0, 'citizenId']])
    const future = family(unit)
    future.members[2]!.birthDate = '2030-01-01'
    cases.push([future, /tương lai/, ['members', 2, 'birthDate']])
    const twoHeads = family(unit)
    twoHeads.members[1]!.relationship = 'head'
    cases.push([twoHeads, /đúng một chủ hộ/, ['members']])
    const money = family(unit)
    money.assessment!.incomePerPersonMonth = 1500.5
    cases.push([money, /số nguyên/, ['assessment', 'incomePerPersonMonth']])
    for (const [input, message, path] of cases) {
      const r = await router.invoke('households.save', input)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.message).toMatch(message)
        expect(r.error.path).toEqual(path)
      }
    }
    expect(await ctx.store.db.selectFrom('households').select('id').execute()).toEqual([])
    // A citizen ID already in another household is refused, and the duplicate list finds same name + birth date.
    expect((await router.invoke('households.save', family(unit))).ok).toBe(true)
    const again = await router.invoke('households.save', family(unit))
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.message).toMatch(/001070000123 đã có trong hộ HGD-000001/)
    const other = family(unit)
    other.members[0]!.citizenId = ''
    other.members = [other.members[0]!]
    other.members[0]!.fullName = 'nguyễn văn an'
    expect((await router.invoke('households.save', other)).ok).toBe(true)
    const dups = await router.invoke('households.duplicates', {})
    expect(dups.ok && (dups.data as { households: unknown[] }[])[0]!.households).toHaveLength(2)
    expect(await ctx.store.db.selectFrom('households').select('id').execute()).toHaveLength(2)
  })
})
