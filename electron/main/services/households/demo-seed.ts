import type { ServiceContext } from '../context'
import { getOffice, setupOffice } from '../office'
import { generateDemoData } from './demo-data'

/** `npm start -- --demo`: an empty demo database gets a sample commune office, its villages and 2,000 generated households. */
export async function seedDemoIfEmpty(ctx: ServiceContext, households = 2000): Promise<boolean> {
  if (!(await getOffice(ctx))) {
    await setupOffice(ctx, {
      office: {
        code: '06100',
        name: 'UBND xã Mẫu Sơn (dữ liệu mẫu)',
        provinceCode: '20',
        provinceName: 'Lạng Sơn',
        level: 'commune',
        standardId: 'mdp-2022-2025',
      },
      // The commune itself is created from the office; the generator adds its villages.
      units: [],
    })
  }
  const any = await ctx.store.db.selectFrom('households').select('id').limit(1).executeTakeFirst()
  if (any) return false
  await generateDemoData(ctx, { households, seed: 2025 })
  return true
}
