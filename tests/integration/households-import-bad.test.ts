import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { signedInRouter } from '../helpers/session'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { writeErrorReport } from '../../electron/main/services/households/import/error-report'
import { cancelJob, startJob, waitForJob } from '../../electron/main/services/jobs'
import { tempDir } from '../helpers/temp'
import { importTestOffice, registerCounts, storedMembers } from '../helpers/households'
import { writeMessyWorkbook } from '../helpers/messy-workbook'
import { encryptedXlsx } from '../helpers/ole2'
import { inlineRow, writeSheetXlsx } from '../helpers/zip'

const HEADER = ['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập']

describe('import refuses bad files with a clear message and changes nothing', () => {
  it('not a spreadsheet, a damaged .xls, a password-protected workbook, a corrupt zip, a zip bomb, no header', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const before = await registerCounts(ctx)
    // An OLE2 signature and nothing readable after it.
    const ole = Buffer.alloc(1024)
    ole.writeUInt32BE(0xd0cf11e0, 0)
    const files: [string, Buffer | (() => void), RegExp][] = [
      ['ghi-chu.xlsx', Buffer.from('Họ tên,CCCD\nA,1\n'), /không phải là bảng tính Excel/],
      ['cu.xls', ole, /\(\.xls\) bị hỏng/],
      ['mat-khau.xlsx', encryptedXlsx(), /đặt mật khẩu/],
      ['hong.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]), /bị hỏng/],
      [
        'bom.xlsx',
        () => writeSheetXlsx(join(dir, 'bom.xlsx'), inlineRow(1, HEADER), { declaredSheetSize: 2_000_000_000 }),
        /"bom.xlsx" ghi là sẽ giải nén ra hơn 256 MB/,
      ],
      [
        'khong-tieu-de.xlsx',
        () => writeSheetXlsx(join(dir, 'khong-tieu-de.xlsx'), inlineRow(1, ['a', 'b']) + inlineRow(2, [1, 2])),
        /Không tìm thấy dòng tiêu đề/,
      ],
    ]
    for (const [name, content, message] of files) {
      if (typeof content === 'function') content()
      else writeFileSync(join(dir, name), content)
      await expect(importHouseholds(ctx, join(dir, name), {}, { dryRun: false }), name).rejects.toThrow(message)
    }
    expect(await registerCounts(ctx)).toEqual(before)
  })

  it('a sheet with a million rows is refused at the cap without reading it all', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'trieu-dong.xlsx')
    const rows = [inlineRow(1, HEADER)]
    for (let r = 2; r <= 1_000_001; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`)
    writeSheetXlsx(path, rows.join(''))
    const t0 = performance.now()
    await expect(importHouseholds(ctx, path, {}, { dryRun: true, maxRows: 5000 })).rejects.toThrow(/hơn 5\.000 dòng.*chia/)
    expect(performance.now() - t0).toBeLessThan(20_000)
  })

  it('a messy workbook: each bad row is reported with row, column and reason; all-or-nothing writes nothing; valid-only imports the rest', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const path = join(dir, 'messy.xlsx')
    await writeMessyWorkbook(path)
    const before = await registerCounts(ctx)
    const all = await importHouseholds(ctx, path, { sheet: 'Danh sách' }, { dryRun: false })
    expect(all.committed).toBe(false)
    expect(all.errors.map((e) => [e.row, e.column])).toEqual([
      [8, 'Thu nhập bình quân'],
      [9, 'Số định danh cá nhân'],
      [10, 'Ngày sinh'],
    ])
    expect(all.errors[0]!.message).toMatch(/một triệu.*số nguyên/)
    expect(all.errors[2]!.message).toMatch(/tương lai/)
    expect(await registerCounts(ctx)).toEqual(before)

    const valid = await importHouseholds(ctx, path, { sheet: 'Danh sách', mode: 'valid_only' }, { dryRun: false })
    expect(valid).toMatchObject({ created: 2, rejected: 3, committed: true, year: 2024 })
    const rows = await storedMembers(ctx)
    // Serial 29000 is 25/05/1979 (epoch 30/12/1899); the text date dd/mm/yyyy; the numeric ID regains its 0.
    expect(rows).toEqual([
      { full_name: 'Nguyễn Thị Hằng', birth_date: '1985-03-12', citizen_id: '020185000111' },
      { full_name: 'Đinh Văn Khải', birth_date: '1979-05-25', citizen_id: '020079000222' },
    ])

    // The error report is the clerk's own file plus an error column, read back by an independent reader.
    const out = join(dir, 'loi.xlsx')
    expect(await writeErrorReport(path, all, out)).toBe(3)
    const py = `import openpyxl,json\nws=openpyxl.load_workbook(${JSON.stringify(out)})['Danh sách']\nprint(json.dumps([ws.cell(row=r,column=11).value for r in (4,5,8,9,10)], ensure_ascii=False))`
    const cells = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })) as (string | null)[]
    expect(cells[0]).toBe('Lỗi nhập')
    expect(cells[1]).toBeNull()
    expect(cells[2]).toMatch(/^Thu nhập bình quân: /)
    expect(cells[3]).toMatch(/12 chữ số/)
  })

  it('a number too large for a date in a date-formatted cell is a row error, not a crash', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'ngay.xlsx')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('DS')
    ws.addRow(HEADER)
    ws.addRow(['Lường Văn Ót', 1970, 'Nam', 20123456789, 'Thôn Đồng Tâm', 1_000_000])
    ws.addRow(['Lường Thị Hiền', 1972, 'Nữ', '020172000333', 'Thôn Đồng Tâm', 1_000_000])
    // A clerk's list where the ID column was styled as a date: Excel shows ####, the value is the ID.
    ws.getCell('D2').numFmt = 'dd/mm/yyyy'
    await wb.xlsx.writeFile(path)
    const before = await registerCounts(ctx)
    const r = await importHouseholds(ctx, path, {}, { dryRun: false })
    expect(r.committed).toBe(false)
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([[2, 'Số CCCD']])
    expect(r.errors[0]!.message).toMatch(/định dạng Ngày/)
    expect(await registerCounts(ctx)).toEqual(before)
  })

  it('Cancel during a long import leaves the database as it was; progress goes through the job channels', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'dai.xlsx')
    const rows = [inlineRow(1, HEADER)]
    for (let r = 2; r <= 20_001; r++)
      rows.push(inlineRow(r, [`Hộ Thử ${r}`, 1980, 'Nam', `0200${String(r).padStart(8, '0')}`, 'Thôn Đồng Tâm', 1_000_000]))
    writeSheetXlsx(path, rows.join(''))
    const router = await signedInRouter(ctx, 'clerk')
    const before = await registerCounts(ctx)
    const jobId = startJob(ctx, 'households.import', (control) => importHouseholds(ctx, path, {}, { dryRun: false, control }))
    let sawWriting = false
    const final = await waitForJob(ctx, jobId, (s) => {
      if (s.stage === 'Đang ghi vào sổ hộ' && s.done > 0 && !sawWriting) {
        sawWriting = true
        void router.invoke('jobs.cancel', { jobId })
      }
    })
    expect(sawWriting).toBe(true)
    expect(final.state).toBe('cancelled')
    expect(await registerCounts(ctx)).toEqual(before)
    expect(cancelJob(ctx, jobId).state).toBe('cancelled')
  })
})
