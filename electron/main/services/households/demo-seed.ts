import type { ServiceContext } from '../context'
import { getOffice, setupOffice } from '../office'
import { generateDemoData } from './demo-data'

/** `npm start -- --demo`: an empty demo database gets a sample office and 2,000 generated households. */
export async function seedDemoIfEmpty(ctx: ServiceContext, households = 2000): Promise<boolean> {
  if (!(await getOffice(ctx))) {
    await setupOffice(ctx, {
      office: {
        code: 'DEMO',
        name: 'UBND xã Mẫu Sơn (dữ liệu mẫu)',
        provinceCode: '20',
        provinceName: 'Lạng Sơn',
        standardId: 'mdp-2022-2025',
      },
      units: [{ kind: 'commune', code: '06100', name: 'Xã Mẫu Sơn', parentIndex: null }],
    })
  }
  const any = await ctx.store.db.selectFrom('households').select('id').limit(1).executeTakeFirst()
  if (any) return false
  await generateDemoData(ctx, { households, seed: 2025 })
  return true
}
