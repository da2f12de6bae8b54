import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { listHouseholds } from '../../electron/main/services/households/list'
import { getHousehold } from '../../electron/main/services/households/read'
import { waitForJob } from '../../electron/main/services/jobs'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext } from '../helpers/temp'
import { officeWithVillages } from '../helpers/households'

const SAMPLE = resolve(import.meta.dirname, '../fixtures/danh-sach-ho-ngheo-mau.xlsx')

describe('importing the sample commune list', () => {
  it('reads the two-level header, skips title/total/signature rows, pads the numeric citizen ID and classifies', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    const preview = await importHouseholds(ctx, SAMPLE, {}, { dryRun: true })
    expect(preview.errors).toEqual([])
    expect(preview.year).toBe(2024)
    expect(preview.headerRow).toBe(7)
    expect(preview.created).toBe(6)
    expect(preview.committed).toBe(false)
    expect(preview.addedVillages).toEqual(['Bản Sáng'])
    expect(preview.notices.join('\n')).toMatch(/27059001111.*027059001111/)
    expect((await listHouseholds(ctx, {})).total).toBe(0)

    const result = await importHouseholds(ctx, SAMPLE, {}, { dryRun: false })
    expect(result).toMatchObject({ created: 6, updated: 0, rejected: 0, committed: true })
    const list = await listHouseholds(ctx, { year: 2024 })
    expect(list.total).toBe(6)
    // Vietnamese order: Đ is its own letter after D, so Đặng comes before Hoàng.
    expect(list.rows.map((r) => r.headName)).toEqual([
      'Đặng Thị Mai',
      'Hoàng Thị Lụa',
      'Lò Văn Sáng',
      'Nguyễn Văn Bình',
      'Trần Đức Thắng',
      'Vàng A Pao',
    ])
    const byName = Object.fromEntries(list.rows.map((r) => [r.headName, r]))
    expect(byName['Nguyễn Văn Bình']!.classification).toBe('poor')
    expect(byName['Hoàng Thị Lụa']!.classification).toBe('near_poor')
    expect(byName['Đặng Thị Mai']!.classification).toBe('near_poor')
    const tran = await getHousehold(ctx, byName['Trần Đức Thắng']!.id)
    expect(tran.members[0]).toMatchObject({ citizenId: '027059001111', birthDate: '1959', sex: 'male', relationship: 'head' })
    expect(tran.memberCount).toBe(2)
    expect(tran.assessments[0]!.indicators.filter((i) => i.deprived).map((i) => i.no)).toEqual([2, 4, 6])
    const pao = await getHousehold(ctx, byName['Vàng A Pao']!.id)
    expect(pao.unitName).toBe('Bản Sáng')
    expect(pao.assessments[0]!.deprivedCount).toBe(6)

    // Re-importing the same file updates the same households.
    const again = await importHouseholds(ctx, SAMPLE, {}, { dryRun: false })
    expect(again).toMatchObject({ created: 0, updated: 6, rejected: 0 })
    expect((await listHouseholds(ctx, {})).total).toBe(6)
    const audit = await ctx.store.db.selectFrom('audit_log').select('action').where('entity', '=', 'household').execute()
    expect(audit.filter((a) => a.action === 'import.create')).toHaveLength(6)
    expect(audit.filter((a) => a.action === 'import.update')).toHaveLength(6)
  })

  it('through the router, a pick that went into the register is not imported again; a refused import may run again', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    ctx.files = { chooseOpenFile: async () => SAMPLE, chooseSaveFile: async () => null }
    const router = await signedInRouter(ctx, 'clerk')
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const r = await router.invoke(channel, input)
      if (!r.ok) throw new Error(r.error.message)
      return r.data as T
    }
    const start = (token: string, options: object) => router.invoke('households.import.start', { token, options })
    const { token } = await call<{ token: string }>('households.import.pick', {})
    // The names read as citizen IDs: every row is bad, all-or-nothing writes nothing, and it may run again.
    const preview = await call<{ mapping: { field: string; column: number }[] }>('households.import.preview', { token, options: {} })
    const nameColumn = preview.mapping.find((m) => m.field === 'headName')!.column
    const first = await start(token, { mode: 'all_or_nothing', mapping: { citizenId: nameColumn } })
    expect(first.ok).toBe(true)
    const refused = await waitForJob(ctx, (first as { data: { jobId: string } }).data.jobId)
    expect(refused.result).toMatchObject({ committed: false })
    expect((await listHouseholds(ctx, {})).total).toBe(0)

    const second = await start(token, {})
    expect(second.ok).toBe(true)
    // While it runs, and once it wrote its rows, the same pick is refused.
    expect(await start(token, {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const done = await waitForJob(ctx, (second as { data: { jobId: string } }).data.jobId)
    expect(done.result).toMatchObject({ created: 6, committed: true })
    expect(await start(token, {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /đã được nhập vào sổ/ } })
    const audit = await ctx.store.db.selectFrom('audit_log').select('action').where('entity', '=', 'household').execute()
    expect(audit.filter((a) => a.action === 'import.update')).toHaveLength(0)

    // Picking the file again starts afresh: the clerk who means it updates the same households.
    const again = await call<{ token: string }>('households.import.pick', {})
    const redo = await waitForJob(
      ctx,
      (await call<{ jobId: string }>('households.import.start', { token: again.token, options: {} })).jobId,
    )
    expect(redo.result).toMatchObject({ created: 0, updated: 6, committed: true })
  })

  it('finds households by an unaccented, lower-case search', async () => {
    const ctx = await tempContext({ now: fixedClock('2025-01-10T08:00:00Z').now })
    await officeWithVillages(ctx)
    await importHouseholds(ctx, SAMPLE, {}, { dryRun: false })
    const names = async (search: string) => (await listHouseholds(ctx, { search })).rows.map((r) => r.headName)
    expect(await names('nguyen van b')).toEqual(['Nguyễn Văn Bình'])
    expect(await names('dang')).toEqual(['Đặng Thị Mai'])
    expect(await names('THI')).toEqual(['Đặng Thị Mai', 'Hoàng Thị Lụa'])
    expect(await names('027059')).toEqual(['Trần Đức Thắng'])
    expect(await names('lo')).toEqual(['Lò Văn Sáng'])
    expect(await names('zzz')).toEqual([])
  })
})
