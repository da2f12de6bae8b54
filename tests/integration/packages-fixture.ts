import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { bulkInsert } from '../../electron/main/store/bulk'
import type { ServiceContext } from '../../electron/main/services/context'
import { setupOffice } from '../../electron/main/services/office'
import { createOwnKey } from '../../electron/main/services/packages/keys'
import type { ReportFile } from '../../electron/main/services/packages/export'
import type { Insertable } from 'kysely'
import type { HouseholdTable } from '../../electron/main/store/schema'

export const PASSPHRASE = 'mật khẩu của xã 2026'

/** Sets up an office (or the province) with villages, `households` households and its own key. */
export async function seedOffice(
  ctx: ServiceContext,
  o: { code: string; name: string; mode?: 'office' | 'province'; households?: number; villages?: number },
): Promise<{ unitIds: string[] }> {
  const villages = o.villages ?? 2
  await setupOffice(ctx, {
    office: {
      code: o.code,
      name: o.name,
      provinceCode: '37',
      provinceName: 'Ninh Bình',
      mode: o.mode ?? 'office',
      standardId: 'mdp-2022-2025',
    },
    units: [
      { kind: 'commune', code: o.mode === 'province' ? '' : o.code, name: `Xã ${o.name}`, parentIndex: null },
      ...Array.from({ length: villages }, (_, i) => ({ kind: 'village' as const, code: '', name: `Thôn ${i + 1}`, parentIndex: 0 })),
    ],
  })
  const units = await ctx.store.db.selectFrom('admin_units').select(['id', 'kind']).where('kind', '=', 'village').orderBy('name').execute()
  const unitIds = units.map((u) => u.id)
  if (o.households) await addHouseholds(ctx, o.code, unitIds, o.households)
  await createOwnKey(ctx, { passphrase: PASSPHRASE })
  return { unitIds }
}

export async function addHouseholds(ctx: ServiceContext, prefix: string, unitIds: string[], n: number, start = 0): Promise<void> {
  const at = '2026-05-01T00:00:00.000Z'
  const rows: Insertable<HouseholdTable>[] = Array.from({ length: n }, (_, k) => {
    const i = start + k
    return {
      id: randomUUID(),
      // Household codes are unique across the province's database (see docs/packages.md): prefix with the office.
      code: `${prefix}-H${String(i).padStart(6, '0')}`,
      unit_id: unitIds[i % unitIds.length]!,
      head_name: `Nguyễn Thị ${i}`,
      head_name_folded: `nguyen thi ${i}`,
      area_type: 'rural',
      ethnicity: i % 3 ? 'Kinh' : 'Mường',
      address: `Xóm ${i % 7}`,
      phone: '',
      notes: '',
      created_at: at,
      updated_at: at,
    }
  })
  await bulkInsert(ctx.store, 'households', rows)
}

/** A small report in both renderings, as the report catalogue will hand them over. */
export async function sampleReports(period: string): Promise<ReportFile[]> {
  const pdf = await PDFDocument.create()
  const page = pdf.addPage([595, 842])
  page.drawText(`Bao cao ho ngheo ky ${period}`, { x: 50, y: 780, size: 16, font: await pdf.embedFont(StandardFonts.TimesRoman) })
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Tổng hợp')
  ws.addRow(['Đơn vị', 'Số hộ nghèo'])
  ws.addRow(['Thôn 1', 12])
  return [
    { name: `Danh sách hộ nghèo ${period}.pdf`, kind: 'pdf', bytes: Buffer.from(await pdf.save()) },
    { name: `Tổng hợp ${period}.xlsx`, kind: 'xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) },
  ]
}
