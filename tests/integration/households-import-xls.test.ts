// Clerks work in UTC+7: the .xls dates are checked there (a wall-clock slip would move them a day).
// Restored after the file: the Node test files share their worker's process.
const savedTz = process.env.TZ
process.env.TZ = 'Asia/Ho_Chi_Minh'

import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportResult } from '@shared/domain/household-import'
import { convertLegacyXls, XLS_LIMITS } from '../../electron/main/services/households/import/legacy-xls'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { getHousehold } from '../../electron/main/services/households/read'
import { listHouseholds } from '../../electron/main/services/households/list'
import { waitForJob } from '../../electron/main/services/jobs'
import type { ServiceContext } from '../../electron/main/services/context'
import { CLI_BIN, runCli } from '../helpers/cli'
import { importTestOffice, registerCounts, storedMembers } from '../helpers/households'
import { encryptedXlsx, passwordXls, wordDocument } from '../helpers/ole2'
import { readXlsx } from '../helpers/openpyxl'
import { signedInRouter } from '../helpers/session'
import { tempDir } from '../helpers/temp'

type Cell = string | number | { date: [number, number, number] } | null

/**
 * A commune list as the sample shows them (title rows, a two-level merged header, a total row, a
 * date line and signatures), with a typed birth date, a citizen ID stored as a number (its
 * leading zero gone), a new village and one bad row (income in words).
 */
const LIST: Cell[][] = [
  ['UBND XÃ MẪU SƠN', null, null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
  [null, null, null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
  [],
  ['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2024'],
  ['(Kèm theo Quyết định số 45/QĐ-UBND ngày 20/12/2024 của UBND xã)'],
  [],
  [
    'STT',
    'Họ và tên chủ hộ',
    'Ngày sinh',
    'Giới tính',
    'Dân tộc',
    'Số CCCD/CMND',
    'Thôn',
    'Số nhân khẩu',
    'Thu nhập BQ (đồng/người/tháng)',
    'Chỉ số thiếu hụt',
    null,
    'Phân loại',
  ],
  [null, null, null, null, null, null, null, null, null, 'Số chỉ số', 'Các chỉ số thiếu hụt', null],
  [1, 'Nguyễn Văn Bình', { date: [1968, 3, 15] }, 'Nam', 'Kinh', '027068001234', 'Thôn Đồng Tâm', 5, 1200000, 4, '1, 4, 9, 11', 'Hộ nghèo'],
  [2, 'Hoàng Thị Lụa', 1975, 'Nữ', 'Tày', '027175004321', 'Bản Nà Phặc', 4, 1350000, 2, '7, 10', 'Hộ cận nghèo'],
  [3, 'Trần Đức Thắng', { date: [1959, 5, 25] }, 'Nam', 'Kinh', 27059001111, 'Thôn Đồng Tâm', 2, 1100000, 3, '2; 4; 6', 'Hộ nghèo'],
  [4, 'Lường Thị Ơn', 1979, 'Nữ', 'Thái', '020179000333', 'Bản Nà Phặc', 3, 'một triệu', null, null, 'Hộ cận nghèo'],
  [5, 'Vàng A Pao', 1987, 'Nam', "H'Mông", '027087002222', 'Bản Sáng', 7, 800000, 6, '1; 3; 5; 7; 9; 10', 'Hộ nghèo'],
  [null, 'Tổng cộng: 5 hộ', null, null, null, null, null, 21],
  [],
  [null, null, null, null, null, null, null, null, 'Mẫu Sơn, ngày 20 tháng 12 năm 2024'],
  [null, 'NGƯỜI LẬP BIỂU', null, null, null, null, null, null, 'TM. UBND XÃ'],
]
/** 0-based [row, column, row, column], as both writers take them. */
const MERGES: [number, number, number, number][] = [
  [0, 0, 0, 3],
  [0, 5, 0, 11],
  [1, 5, 1, 11],
  [3, 0, 3, 11],
  [4, 0, 4, 11],
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 11].map((c): [number, number, number, number] => [6, c, 7, c]),
  [6, 9, 6, 10],
]
const HEADER_ROW = 7
const BAD_ROW = 12
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)

/** The list as Excel 97–2003 saves it, written by SheetJS (dates as serials with a date format, as Excel stores them). */
function writeListXls(path: string, rows: Cell[][] = LIST): void {
  const ws: XLSX.WorkSheet = {}
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return
      const at = XLSX.utils.encode_cell({ r, c })
      if (typeof v === 'object') {
        const [y, m, d] = v.date
        ws[at] = { t: 'n', v: (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / 86_400_000, z: 'dd/mm/yyyy' }
      } else ws[at] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v }
    }),
  )
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: 11 } })
  ws['!merges'] = MERGES.map(([r1, c1, r2, c2]) => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Ghi chú: danh sách ở trang sau']]), 'Ghi chú')
  XLSX.utils.book_append_sheet(wb, ws, 'DS hộ nghèo 2024')
  writeFileSync(path, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer)
}

/** The same list as a clerk's .xlsx, written by ExcelJS. */
async function writeListXlsx(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Ghi chú').addRow(['Ghi chú: danh sách ở trang sau'])
  const ws = wb.addWorksheet('DS hộ nghèo 2024')
  LIST.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null) return
      const cell = ws.getCell(r + 1, c + 1)
      if (typeof v === 'object') {
        cell.value = new Date(Date.UTC(v.date[0], v.date[1] - 1, v.date[2]))
        cell.numFmt = 'dd/mm/yyyy'
      } else cell.value = v
    }),
  )
  for (const [r1, c1, r2, c2] of MERGES) ws.mergeCells(r1 + 1, c1 + 1, r2 + 1, c2 + 1)
  await wb.xlsx.writeFile(path)
}

/** What an import says, without what names the file. */
const comparable = (r: ImportResult) => ({ ...r, fileName: undefined })

/** Households and their heads as the register holds them. */
async function register(ctx: ServiceContext) {
  const list = await listHouseholds(ctx, { year: 2024 })
  return Promise.all(
    list.rows.map(async (row) => {
      const h = await getHousehold(ctx, row.id)
      const head = h.members.find((m) => m.relationship === 'head')!
      return {
        name: row.headName,
        village: h.unitName,
        class: row.classification,
        members: h.memberCount,
        birthDate: head.birthDate,
        citizenId: head.citizenId,
        deprived: h.assessments[0]!.indicators.filter((i) => i.deprived).map((i) => i.no),
      }
    }),
  )
}

// Converted copies go to the OS temp folder: each test gets its own, so leftovers are seen.
let scratch = ''
const savedTmp = process.env.TMPDIR
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sgn-xls-test-'))
  process.env.TMPDIR = scratch
})
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmp
  rmSync(scratch, { recursive: true, force: true })
})
// Nothing of the program's goes to the system temp folder any more: converted copies live in the
// private folder next to the database (private-temp.ts), in a folder named <pid>-xls-….
const copiesLeft = () => readdirSync(scratch).filter((n) => n.startsWith('sgn-xls-'))
const privateCopies = (dbPath: string) => {
  const dir = join(dirname(dbPath), '.sgn-tam')
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^\d+-xls-/.test(n)) : []
}

afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ
  else process.env.TZ = savedTz
})

describe('importing a legacy .xls household list', () => {
  it('reads like the same list saved as .xlsx: header, dates, numeric citizen IDs, errors, households and classes', async () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(-420)
    const dir = tempDir()
    const xls = join(dir, 'danh-sach.xls')
    const xlsx = join(dir, 'danh-sach.xlsx')
    writeListXls(xls)
    await writeListXlsx(xlsx)
    const a = await importTestOffice()
    const b = await importTestOffice()

    const fromXls = await importHouseholds(a, xls, {}, { dryRun: true })
    const fromXlsx = await importHouseholds(b, xlsx, {}, { dryRun: true })
    expect(comparable(fromXls)).toEqual(comparable(fromXlsx))
    expect(fromXls).toMatchObject({ fileName: 'danh-sach.xls', sheet: 'DS hộ nghèo 2024', year: 2024, headerRow: HEADER_ROW, created: 4 })
    expect(fromXls.errors).toEqual([{ row: BAD_ROW, column: 'Thu nhập BQ (đồng/người/tháng)', message: expect.stringMatching(/số/) }])
    expect(fromXls.notices.join('\n')).toMatch(/27059001111.*027059001111/)
    expect(fromXls.addedVillages).toEqual(['Bản Sáng'])
    expect(copiesLeft()).toEqual([])
    expect(privateCopies(a.store.path)).toEqual([])

    const valid = { mode: 'valid_only' } as const
    expect(await importHouseholds(a, xls, valid, { dryRun: false })).toMatchObject({ created: 4, rejected: 1, committed: true })
    await importHouseholds(b, xlsx, valid, { dryRun: false })
    const households = await register(a)
    expect(households).toEqual(await register(b))
    expect(households.map((h) => [h.name, h.class, h.birthDate, h.citizenId])).toEqual([
      ['Hoàng Thị Lụa', 'near_poor', '1975', '027175004321'],
      ['Nguyễn Văn Bình', 'poor', '1968-03-15', '027068001234'],
      ['Trần Đức Thắng', 'poor', '1959-05-25', '027059001111'],
      ['Vàng A Pao', 'poor', '1987', '027087002222'],
    ])
    expect(households.find((h) => h.name === 'Trần Đức Thắng')!.deprived).toEqual([2, 4, 6])
    // The audit names the clerk's .xls and its own hash, not the temporary copy's.
    const audit = await a.store.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity', '=', 'household_import')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.after_json!)).toMatchObject({
      file: 'danh-sach.xls',
      sha256: createHash('sha256').update(readFileSync(xls)).digest('hex'),
    })
    expect(copiesLeft()).toEqual([])
    expect(privateCopies(a.store.path)).toEqual([])
  })

  it('an HTML table saved with an .xls name (a web system\'s "export to Excel") imports like a workbook', async () => {
    const path = join(tempDir(), 'xuat-excel.xls')
    // As such exports are: a page with a long head, a title row, a header, digits-only IDs as text.
    writeFileSync(
      path,
      `\uFEFF<html><head><meta charset="utf-8"><style>${'td { mso-number-format: "\\@"; }\n'.repeat(200)}</style></head><body>
<table border="1">
<tr><td colspan="5">DANH SÁCH HỘ NGHÈO NĂM 2024</td></tr>
<tr><th>Họ và tên chủ hộ</th><th>Năm sinh</th><th>Giới tính</th><th>Số CCCD</th><th>Thôn</th><th>Thu nhập BQ</th></tr>
<tr><td>Ma Văn Tủa</td><td>1966</td><td>Nam</td><td>027066005555</td><td>Thôn Đồng Tâm</td><td>1.100.000</td></tr>
<tr><td>Ma Thị Dín</td><td>1970</td><td>Nữ</td><td>027170006666</td><td>Bản Nà Phặc</td><td>900000</td></tr>
</table></body></html>`,
    )
    const ctx = await importTestOffice()
    const r = await importHouseholds(ctx, path, { year: 2024 }, { dryRun: false })
    expect(r).toMatchObject({ created: 2, rejected: 0, committed: true })
    const rows = await storedMembers(ctx)
    expect(rows).toEqual([
      { full_name: 'Ma Thị Dín', birth_date: '1970', citizen_id: '027170006666' },
      { full_name: 'Ma Văn Tủa', birth_date: '1966', citizen_id: '027066005555' },
    ])
    expect(copiesLeft()).toEqual([])
    // The same page named .xlsx is not taken for a workbook.
    const renamed = join(tempDir(), 'xuat-excel.xlsx')
    copyFileSync(path, renamed)
    await expect(importHouseholds(await importTestOffice(), renamed, {}, { dryRun: true })).rejects.toThrow(/không phải là bảng tính/)
  })

  it('through the app: preview, import, error-report copy and re-import of the same .xls, one converted copy per session', async () => {
    const dir = tempDir()
    const xls = join(dir, 'danh-sach.xls')
    writeListXls(xls)
    const saved = join(dir, 'danh-sach - loi.xlsx')
    const ctx = await importTestOffice()
    ctx.files = { chooseOpenFile: async () => xls, chooseSaveFile: async () => saved }
    const router = await signedInRouter(ctx, 'clerk')
    const call = async <T = never>(channel: string, input: unknown): Promise<T> => {
      const r = await router.invoke(channel, input)
      if (!r.ok) throw new Error(r.error.message)
      return r.data as T
    }
    const options = { mode: 'valid_only' }

    const first: { token: string; fileName: string } = await call('households.import.pick', {})
    expect(first.fileName).toBe('danh-sach.xls')
    const preview: ImportResult = await call('households.import.preview', { token: first.token, options })
    expect(preview).toMatchObject({ created: 4, rejected: 1, headerRow: HEADER_ROW })
    // Previews after a change of options reuse the session's converted copy.
    await call('households.import.preview', { token: first.token, options: { ...options, year: 2024 } })
    expect(privateCopies(ctx.store.path)).toHaveLength(1)
    expect(copiesLeft()).toEqual([])
    const { jobId } = await call('households.import.start', { token: first.token, options })
    const job = await waitForJob(ctx, jobId)
    expect(job.result).toMatchObject({ created: 4, updated: 0, rejected: 1, committed: true })

    // The error report is an .xlsx copy of the list with the error column, read back by openpyxl.
    expect(await call('households.import.saveErrorReport', { token: first.token })).toEqual({
      saved: true,
      fileName: 'danh-sach - loi.xlsx',
    })
    const sheet = readXlsx(saved).find((s) => s.title === 'DS hộ nghèo 2024')!
    expect(sheet.cells[`M${HEADER_ROW}`]!.v).toBe('Lỗi nhập')
    expect(sheet.cells[`M${BAD_ROW}`]!.v).toMatch(/^Thu nhập BQ \(đồng\/người\/tháng\): /)
    expect(sheet.cells.C9!.v).toMatch(/^1968-03-15/)
    expect(sheet.cells.F11!.v).toBe(27059001111)
    expect(sheet.merged).toEqual(expect.arrayContaining(['A7:A8', 'J7:K7', 'A4:L4']))

    // Picking the same file again starts a new session (the old copy is removed): it updates, nothing is duplicated.
    const second: { token: string } = await call('households.import.pick', {})
    const again: ImportResult = await call('households.import.preview', { token: second.token, options })
    expect(again).toMatchObject({ created: 0, updated: 4, rejected: 1 })
    await expect(router.invoke('households.import.preview', { token: first.token, options })).resolves.toMatchObject({ ok: false })
    const redo = await waitForJob(ctx, (await call<{ jobId: string }>('households.import.start', { token: second.token, options })).jobId)
    expect(redo.result).toMatchObject({ created: 0, updated: 4, rejected: 1 })
    expect((await listHouseholds(ctx, {})).total).toBe(4)
    await expect.poll(() => privateCopies(ctx.store.path)).toHaveLength(1)
  })

  it('the CLI imports an .xls and writes its error report, and leaves no converted copy behind', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.sqlite')
    const xls = join(dir, 'danh-sach.xls')
    writeListXls(xls)
    const env = { TMPDIR: scratch }
    expect(
      runCli(['--db', db, 'init', '--office-code', 'MS', '--office-name', 'UBND xã Mẫu Sơn', '--province-code', '20'], { env }).code,
    ).toBe(0)
    const refused = runCli(['--db', db, 'households', 'import', xls], { env })
    expect(refused.stdout, `exit ${refused.code}: ${refused.stderr}`).toMatch(/^imported 0, updated 0, rejected 1$/m)
    expect(refused.stderr).toMatch(new RegExp(`Dòng ${BAD_ROW}, cột "Thu nhập BQ`))
    const report = join(dir, 'loi.xlsx')
    const first = runCli(['--db', db, 'households', 'import', xls, '--valid-rows-only', '--error-report', report], { env })
    expect(first.stdout, `exit ${first.code}: ${first.stderr}`).toMatch(/^imported 4, updated 0, rejected 1$/m)
    expect(first.code).toBe(1)
    expect(readXlsx(report).find((s) => s.title === 'DS hộ nghèo 2024')!.cells[`M${BAD_ROW}`]!.v).toMatch(/Thu nhập BQ/)
    const again = runCli(['--db', db, 'households', 'import', xls, '--valid-rows-only'], { env })
    // The process's exit and stderr in the message: this once came back empty in a loaded CI run.
    expect(again.stdout, `exit ${again.code}: ${again.stderr}`).toMatch(/^imported 0, updated 4, rejected 1$/m)
    expect(copiesLeft()).toEqual([])
    expect(privateCopies(db)).toEqual([])
  })
})

describe('interrupting the CLI', () => {
  it('Ctrl-C during an .xls import exits 130, commits nothing and removes the converted copy', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.sqlite')
    const xls = join(dir, 'lon.xls')
    // Long enough that the import is still running when the copy is seen.
    const rows: Cell[][] = [LIST[HEADER_ROW - 1]!, LIST[HEADER_ROW]!]
    for (let i = 0; i < 8_000; i++)
      rows.push([
        i + 1,
        `Hộ Thử ${i}`,
        1970,
        'Nam',
        'Kinh',
        `0270700${String(i).padStart(5, '0')}`,
        'Thôn Đồng Tâm',
        3,
        900000,
        1,
        '9',
        'Hộ nghèo',
      ])
    writeListXls(xls, rows)
    const env = { ...process.env, TMPDIR: scratch }
    expect(runCli(['--db', db, 'init', '--office-code', 'MS', '--office-name', 'X', '--province-code', '20'], { env }).code).toBe(0)
    const child = spawn(process.execPath, [CLI_BIN, '--db', db, 'households', 'import', xls], { env, stdio: 'ignore' })
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
    await expect.poll(() => privateCopies(db), { timeout: 60_000, interval: 20 }).toHaveLength(1)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(privateCopies(db)).toEqual([])
    expect(copiesLeft()).toEqual([])
    const raw = new Database(db, { readonly: true })
    expect(raw.prepare('select count(*) from households').pluck().get()).toBe(0)
    raw.close()
  })
})

describe('legacy .xls files that are refused, with nothing written', () => {
  it('a password on an .xlsx or an .xls, a Word file, garbage and a damaged .xls each get their message', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const good = join(dir, 'good.xls')
    writeListXls(good)
    const goodBytes = readFileSync(good)
    // The container is sound, its workbook stream is not.
    const cfb = XLSX.CFB.read(goodBytes, { type: 'buffer' })
    XLSX.CFB.find(cfb, 'Workbook').content = Buffer.alloc(4096, 0xa5)
    const damaged = Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
    const before = await registerCounts(ctx)
    const cases: [string, Buffer, RegExp][] = [
      ['mat-khau.xlsx', encryptedXlsx(), /được đặt mật khẩu.*bỏ mật khẩu/],
      ['mat-khau-doi-ten.xls', encryptedXlsx(), /được đặt mật khẩu/],
      ['mat-khau-97.xls', passwordXls(goodBytes), /được đặt mật khẩu/],
      ['van-ban.xls', wordDocument(), /không phải là bảng tính Excel.*Word/],
      ['rac.xls', Buffer.from('Đây không phải bảng tính\n'.repeat(100)), /không phải là bảng tính Excel \(\.xlsx hoặc \.xls\)/],
      ['cat-cut.xls', goodBytes.subarray(0, 700), /\.xls\) bị hỏng/],
      ['hong.xls', damaged, /\.xls\) bị hỏng/],
    ]
    for (const [name, bytes, message] of cases) {
      writeFileSync(join(dir, name), bytes)
      await expect(importHouseholds(ctx, join(dir, name), {}, { dryRun: false }), name).rejects.toThrow(message)
    }
    expect(await registerCounts(ctx)).toEqual(before)
    expect(copiesLeft()).toEqual([])
  })

  it('a parse that runs past the time limit is stopped: the worker is terminated and the clerk told why', async () => {
    const path = join(tempDir(), 'cham.xls')
    writeListXls(path)
    const workers: Worker[] = []
    const seen = (message: unknown) => workers.push((message as { worker: Worker }).worker)
    subscribe('worker_threads', seen)
    try {
      await expect(convertLegacyXls(path, { ...XLS_LIMITS, timeLimitMs: 5 }, join(dirname(path), 'x.sqlite'))).rejects.toThrow(
        /quá 1 giây nên đã dừng.*lưu thành \.xlsx/,
      )
    } finally {
      unsubscribe('worker_threads', seen)
    }
    expect(workers).toHaveLength(1)
    // A terminated worker's thread id becomes -1.
    expect(workers[0]!.threadId).toBe(-1)
    expect(copiesLeft()).toEqual([])
  })

  it('a parse that needs more memory than the cap is stopped with its own message', async () => {
    const path = join(tempDir(), 'nang.xls')
    const more: Cell[][] = Array.from({ length: 20_000 }, (_, i) => [
      i + 6,
      `Hộ Thử ${i}`,
      1980,
      'Nam',
      'Kinh',
      `0200${String(i).padStart(8, '0')}`,
      'Thôn Khe Mạ',
      3,
      1_000_000,
    ])
    writeListXls(path, [...LIST, ...more])
    // 8 MB lets the worker start (below that V8 aborts the whole process) but not hold 20,000 parsed rows.
    await expect(convertLegacyXls(path, { ...XLS_LIMITS, maxMemoryMb: 8 }, join(dirname(path), 'x.sqlite'))).rejects.toThrow(
      /quá nhiều bộ nhớ/,
    )
    expect(copiesLeft()).toEqual([])
  })

  it('an .xls over the size limit is refused before it is parsed', async () => {
    const path = join(tempDir(), 'lon.xls')
    writeListXls(path)
    appendFileSync(path, Buffer.alloc(1024 * 1024 + 1))
    const workers: unknown[] = []
    const seen = (message: unknown) => workers.push(message)
    subscribe('worker_threads', seen)
    try {
      await expect(convertLegacyXls(path, { ...XLS_LIMITS, maxFileBytes: 1024 * 1024 }, join(dirname(path), 'x.sqlite'))).rejects.toThrow(
        /\.xls lớn hơn 1 MB/,
      )
    } finally {
      unsubscribe('worker_threads', seen)
    }
    expect(workers).toEqual([])
  })
})
