import { describe, expect, it } from 'vitest'
import type { DuplicateGroup } from '@shared/domain/household-views'
import type { HouseholdInput } from '@shared/domain/households'
import { officeWithVillages } from '../helpers/households'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext } from '../helpers/temp'

const person = (unitId: string, fullName: string, birthDate: string, citizenId = ''): HouseholdInput => ({
  household: { unitId, areaType: 'rural' },
  members: [{ fullName, sex: 'male', birthDate, citizenId, relationship: 'head' }],
})

describe('possible duplicates', () => {
  it('lists same citizen ID and same name + birth date, hides a group the clerk dismissed until another household joins it', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-03-01T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const unit = villages['Thôn Đồng Tâm']!
    const router = await signedInRouter(ctx, 'clerk')
    const save = async (input: HouseholdInput) => {
      const r = await router.invoke('households.save', input)
      if (!r.ok) throw new Error(r.error.message)
      return r.data as { id: string; code: string }
    }
    const duplicates = async () => {
      const r = await router.invoke('households.duplicates', {})
      if (!r.ok) throw new Error(r.error.message)
      return r.data as DuplicateGroup[]
    }
    const a = await save(person(unit, 'Nguyễn Văn An', '1970-05-01', '001070000123'))
    const b = await save(person(unit, 'nguyễn  văn  AN', '1970-05-01'))
    await save(person(unit, 'Nguyễn Văn An', '1971-05-01')) // another birth date: not a duplicate
    // A citizen ID in two households cannot be saved in an office, but a register built from older
    // files (or a province's consolidation) can hold one; written here as such a file would leave it.
    const c = await save(person(unit, 'Lò Thị Hoa', '1980'))
    const d = await save(person(unit, 'Lò Thị Hoa Mai', '1981'))
    ctx.store.sqlite.prepare("update household_members set citizen_id = '020180000777' where household_id in (?, ?)").run(c.id, d.id)

    const groups = await duplicates()
    expect(groups.map((g) => [g.reason, g.key, g.households.map((h) => h.code)])).toEqual([
      ['citizen_id', '020180000777', [c.code, d.code]],
      ['name_birth', 'Nguyễn Văn An · 01/05/1970', [a.code, b.code]],
    ])

    // Dismissing needs the group exactly as listed: a stale list is refused and nothing is written.
    const nameGroup = groups[1]!
    const stale = await router.invoke('households.dismissDuplicate', {
      reason: 'name_birth',
      matchKey: nameGroup.matchKey,
      householdIds: [a.id, c.id],
    })
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await ctx.store.db.selectFrom('household_duplicate_dismissals').selectAll().execute()).toEqual([])

    const done = await router.invoke('households.dismissDuplicate', {
      reason: 'name_birth',
      matchKey: nameGroup.matchKey,
      householdIds: nameGroup.households.map((h) => h.id),
      note: 'Hai người khác nhau, cùng tên cùng ngày sinh',
    })
    expect(done).toEqual({ ok: true, data: { dismissed: true } })
    expect((await duplicates()).map((g) => g.reason)).toEqual(['citizen_id'])
    // Both households' trails say who dismissed it and why.
    for (const [id, other] of [
      [a.id, b.code],
      [b.id, a.code],
    ] as const) {
      const trail = await router.invoke('households.audit', { id })
      const lines = trail.ok ? (trail.data as { changes: string[] }[]).flatMap((e) => e.changes) : []
      expect(lines).toContain(
        `Xác nhận không trùng với hộ ${other} (cùng họ tên và ngày sinh): Hai người khác nhau, cùng tên cùng ngày sinh`,
      )
    }

    // A third household with the same name and birth date brings the group back, with all three.
    const e = await save(person(unit, 'Nguyễn Văn  An', '1970-05-01'))
    const back = (await duplicates()).find((g) => g.reason === 'name_birth')!
    expect(back.households.map((h) => h.code)).toEqual([a.code, b.code, e.code])

    // A group of one is not a group: refused as bad input.
    const bad = await router.invoke('households.dismissDuplicate', { reason: 'name_birth', matchKey: back.matchKey, householdIds: [a.id] })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
  })
})
