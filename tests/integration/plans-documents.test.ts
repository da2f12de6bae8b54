import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { chromiumPdfRenderer } from '../../electron/main/export/print/pdf-chromium'
import { createRouter } from '../../electron/main/ipc'
import { dialogQueue } from '../helpers/dialogs'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'
import { ok, seedPlan } from './plans-seed'

const ANNEX = resolve(import.meta.dirname, '../fixtures/plans/phu-luc-nhiem-vu.xlsx')
const pdf = chromiumPdfRenderer()
afterAll(() => pdf.close())

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

describe('annex import, urging letters and the task-results report', () => {
  it('imports an annex only after the clerk confirms the unknown agency, then prints letters and the six-month report', async () => {
    const clock = fixedClock('2026-06-05T02:00:00Z')
    const dir = tempDir()
    const dialogs = dialogQueue(dir)
    const ctx = await tempContext({ now: clock.now, pdf, files: dialogs.ports })
    const api = createRouter(ctx)
    const { plan } = await seedPlan(api)
    for (const name of ['Sở Văn hóa, Thể thao và Du lịch', 'UBND các xã, phường']) await ok(api, 'agencies.create', { name })
    dialogs.open(ANNEX)
    const preview = await ok(api, 'plans.importPick', {})
    if (preview.cancelled) throw new Error('cancelled')
    expect(preview.drafts.map((d) => [d.seq, d.leadName, d.coordinatorNames])).toEqual([
      ['I.1', 'Sở Văn hóa, Thể thao và Du lịch', ['Hội Nông dân tỉnh']],
      ['I.2', 'Sở Xây dựng', ['UBND các xã, phường']],
      ['II.1', 'Ngân hàng Chính sách xã hội tỉnh', ['Sở Tài chính']],
      ['II.2', 'Ngân hàng Chính sách xã hội tỉnh', ['Sở Tài chính']],
    ])
    expect(preview.drafts[1]!.deadline).toEqual({ kind: 'date', date: '2026-07-31' }) // a real Excel date cell
    expect(preview.errors).toEqual([
      { row: 12, column: 'Thời hạn hoàn thành', message: expect.stringMatching(/"Thường xuyên" chưa nêu ngày/) },
    ])
    expect(preview.unknownAgencies).toEqual(['Hội Nông dân tỉnh'])

    const refused = await api.invoke('plans.importCommit', { planId: plan.id, token: preview.token, createAgencies: [] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path: ['tasks', 0, 'coordinatorNames', 0] } })
    if (!refused.ok) expect(refused.error.message).toMatch(/"Hội Nông dân tỉnh" chưa có trong danh mục/)
    expect(await ctx.store.db.selectFrom('plan_tasks').select('id').execute()).toEqual([])

    const done = await ok(api, 'plans.importCommit', { planId: plan.id, token: preview.token, createAgencies: preview.unknownAgencies })
    expect(done).toMatchObject({ tasksCreated: 4, agenciesCreated: ['Hội Nông dân tỉnh'] })
    const agency = await ctx.store.db.selectFrom('agencies').selectAll().where('name', '=', 'Hội Nông dân tỉnh').executeTakeFirstOrThrow()
    expect(agency.kind).toBe('mass_org')

    // 5 June: I.1 (15/6) is due within 14 days; its earlier six-monthly dates are overdue.
    dialogs.save('don-doc.pdf')
    const saved = await ok(api, 'plans.urgingPdf', {
      agencyId: null,
      withinDays: 14,
      number: '88/UBND-VP',
      signer: { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Trần Thị Hoa' },
    })
    expect(saved).toMatchObject({ cancelled: false, fileName: 'don-doc.pdf', documents: 1 })
    const letter = text(dialogs.saved.at(-1)!)
    expect(letter).toMatch(/CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/)
    expect(letter).toMatch(/Số: 88\/UBND-VP/)
    expect(letter).toMatch(/Ninh Bình, ngày 5 tháng 6 năm 2026/)
    expect(letter).toMatch(/Kính gửi: Sở Văn hóa, Thể thao và Du lịch/)
    expect(letter).toMatch(/Nhiệm vụ đã quá hạn/)
    // Its first six-monthly date, 15/12/2021, was never answered: 1633 days before 05/06/2026.
    expect(letter).toMatch(/I\.1\. Tuyên truyền chính sách giảm nghèo.*Quá hạn 1633.*15\/12\/2021/)
    expect(letter).toMatch(/Trần Thị Hoa/)

    const single = await api.invoke('plans.urgingPdf', { agencyId: agency.id, withinDays: 14 })
    expect(single).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/Hội Nông dân tỉnh không chủ trì nhiệm vụ nào/) },
    })

    dialogs.save('bao-cao.pdf')
    expect(await ok(api, 'plans.resultsPdf', { year: 2026, period: 'H1' })).toMatchObject({ cancelled: false, documents: 1 })
    const report = text(dialogs.saved.at(-1)!)
    expect(report).toMatch(/BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ GIẢM NGHÈO BỀN VỮNG 6 THÁNG ĐẦU NĂM 2026/)
    expect(report).toMatch(/Kế hoạch số 200\/KH-UBND ngày 06\/12\/2021/)
    for (const seq of ['I.1', 'I.2', 'II.1', 'II.2']) expect(report).toContain(seq)
    expect(report).toMatch(/4 nhiệm vụ: 0 đã hoàn thành, 0 đang thực hiện, 3 chưa thực hiện và 1 quá hạn/)

    // The same report as a workbook, read back by openpyxl (a reader nobody here wrote).
    dialogs.save('bao-cao.xlsx')
    expect(await ok(api, 'plans.resultsXlsx', { year: 2026, period: 'H1' })).toMatchObject({ cancelled: false, fileName: 'bao-cao.xlsx' })
    const cells = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import openpyxl,sys,json; ws=openpyxl.load_workbook(sys.argv[1]).active; print(json.dumps([[c for c in r] for r in ws.iter_rows(values_only=True)], default=str))',
        dialogs.saved.at(-1)!,
      ],
      { encoding: 'utf8' },
    )
    const rows = JSON.parse(cells) as (string | number | null)[][]
    const taskRows = rows.filter((r) => typeof r[0] === 'string' && /^I{1,2}\.\d$/.test(r[0]))
    expect(taskRows.map((r) => [r[0], r[2], r[5]])).toEqual([
      ['I.1', 'Sở Văn hóa, Thể thao và Du lịch', 'Quá hạn'],
      ['I.2', 'Sở Xây dựng', 'Chưa thực hiện'],
      ['II.1', 'Ngân hàng Chính sách xã hội tỉnh', 'Chưa thực hiện'],
      ['II.2', 'Ngân hàng Chính sách xã hội tỉnh', 'Chưa thực hiện'],
    ])

    dialogs.save(null)
    expect(await ok(api, 'plans.resultsPdf', { year: 2026, period: 'year' })).toEqual({ cancelled: true })
    expect(dialogs.leftovers()).toEqual([])
  })
})
