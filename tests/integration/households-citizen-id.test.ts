import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { HouseholdInput } from '@shared/domain/households'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { officeWithVillages } from '../helpers/households'

// Migration 0008 made the citizen-ID index plain (the province may hold the same person from two
// offices). Within one office a citizen ID must still name one person: these checks are by query.
function family(unitId: string, headId: string, spouseId: string): HouseholdInput {
  return {
    household: { unitId, areaType: 'rural', ethnicity: 'Kinh' },
    members: [
      {
        fullName: 'Lò Văn Sáng',
        sex: 'male',
        birthDate: '1970',
        citizenId: headId,
        relationship: 'head',
        healthInsurance: true,
        working: 'contract',
      },
      {
        fullName: 'Vàng Thị Mai',
        sex: 'female',
        birthDate: '1972',
        citizenId: spouseId,
        relationship: 'spouse',
        healthInsurance: true,
        working: 'contract',
      },
    ],
    assessment: { year: 2025, incomePerPersonMonth: 1_000_000, housingAreaM2: 30, indicators: [] },
  }
}

describe('a citizen ID names one person within an office', () => {
  it('the index is no longer unique, and saving and importing still refuse a citizen ID another household has', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-10-01T08:00:00Z').now })
    const { villages } = await officeWithVillages(ctx)
    const unit = villages['Thôn Đồng Tâm']!
    const index = (ctx.store.sqlite.pragma('index_list(household_members)') as { name: string; unique: number }[]).find(
      (i) => i.name === 'household_members_citizen_id',
    )
    expect(index).toMatchObject({ unique: 0 })

    const router = await signedInRouter(ctx, 'clerk')
    expect((await router.invoke('households.save', family(unit, '020070000001', '020072000002'))).ok).toBe(true)
    // The spouse's ID (not the head's) reused in a new household: refused, naming the field.
    const clash = await router.invoke('households.save', family(unit, '020070000009', '020072000002'))
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT', path: ['members', 1, 'citizenId'] } })
    expect(JSON.stringify(clash)).toMatch(/020072000002 đã có trong hộ HGD-000001/)

    // The import: a row with another household's code and a citizen ID already in HGD-000001 is a row error.
    expect((await router.invoke('households.save', family(unit, '020070000003', '020072000004'))).ok).toBe(true)
    const path = join(tempDir(), 'ds.xlsx')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Danh sách')
    ws.addRow(['Mã hộ', 'Họ và tên chủ hộ', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập BQ (đồng/người/tháng)', 'Phân loại'])
    ws.addRow(['HGD-000002', 'Lò Văn Sáng', '1970', 'Nam', '020070000001', 'Thôn Đồng Tâm', 1_000_000, 'Hộ cận nghèo'])
    await wb.xlsx.writeFile(path)
    const result = await importHouseholds(ctx, path, {}, { dryRun: false })
    expect(result.errors.map((e) => e.message)).toEqual(['Số CCCD 020070000001 đã thuộc hộ HGD-000001, không phải hộ HGD-000002'])

    const counts = ctx.store.sqlite
      .prepare("select citizen_id, count(*) as n from household_members where citizen_id <> '' group by citizen_id having n > 1")
      .all()
    expect(counts).toEqual([])
  })
})
