import { setupOffice } from '../../electron/main/services/office'
import type { ServiceContext } from '../../electron/main/services/context'
import { listUnits } from '../../electron/main/services/units'

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
