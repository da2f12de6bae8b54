import { setupOffice } from '../../electron/main/services/office'
import type { ServiceContext } from '../../electron/main/services/context'
import { listUnits } from '../../electron/main/services/units'
import { fixedClock, tempContext } from './temp'

/** An office with one commune and three villages, as a fresh register starts. */
export async function officeWithVillages(ctx: ServiceContext): Promise<{ communeId: string; villages: Record<string, string> }> {
  await setupOffice(ctx, {
    office: { code: '14563', name: 'UBND xã Mẫu Sơn', provinceCode: '20', provinceName: 'Lạng Sơn', standardId: 'mdp-2022-2025' },
    units: [
      { kind: 'commune', code: '06100', name: 'Xã Mẫu Sơn', parentIndex: null },
      { kind: 'village', name: 'Thôn Đồng Tâm', parentIndex: 0 },
      { kind: 'village', name: 'Bản Nà Phặc', parentIndex: 0 },
      { kind: 'village', name: 'Thôn Khe Mạ', parentIndex: 0 },
    ],
  })
  const units = await listUnits(ctx)
  return {
    communeId: units.find((u) => u.kind === 'commune')!.id,
    villages: Object.fromEntries(units.filter((u) => u.kind === 'village').map((u) => [u.name, u.id])),
  }
}

/** The office the import tests start from: three villages, the clock in January 2025 (the 2024 review). */
export async function importTestOffice(): Promise<ServiceContext> {
  const ctx = await tempContext({ now: fixedClock('2025-01-10T08:00:00Z').now })
  await officeWithVillages(ctx)
  return ctx
}

/** Rows in the tables an import writes, to show that a refused import wrote nothing. */
export async function registerCounts(ctx: ServiceContext) {
  const count = async (t: 'households' | 'household_members' | 'audit_log' | 'admin_units') =>
    Number(
      (
        await ctx.store.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { h: await count('households'), m: await count('household_members'), a: await count('audit_log'), u: await count('admin_units') }
}

/** Every member's name, birth date and citizen ID as stored, by name: what an import wrote. */
export function storedMembers(ctx: ServiceContext) {
  return ctx.store.db.selectFrom('household_members').select(['full_name', 'birth_date', 'citizen_id']).orderBy('full_name').execute()
}
