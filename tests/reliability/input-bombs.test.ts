import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../electron/cli/run'
import { createContext, closeContext } from '../../electron/main/app-context'
import { InflateBudget } from '../../electron/main/export/input/inflate-budget'
import { readSmallInputFile } from '../../electron/main/export/input/input-file'
import { INPUT_LIMITS, type InputTooLargeError } from '../../electron/main/export/input/limits'
import { buildPackage } from '../../electron/main/export/package/build'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { importHouseholds } from '../../electron/main/services/households/import/run'
import { exportPackage } from '../../electron/main/services/packages/export'
import { exportOwnCertificate, unlockOwnKey } from '../../electron/main/services/packages/keys'
import { addTrusted } from '../../electron/main/services/packages/trust'
import { readPackageFile } from '../../electron/main/services/packages/verify'
import { previewAnnexFile } from '../../electron/main/services/plans/annex-import'
import { readBackupManifest } from '../../electron/main/services/system/backup-format'
import { deflateBomb, gzipBomb, localEntry, prependHiddenEntry, sheetRowsBlock, smuggleBehindDescriptor } from '../helpers/bombs'
import { importTestOffice, registerCounts } from '../helpers/households'
import { tempContext, tempDir } from '../helpers/temp'
import { inlineRow, sheetXml, workbookParts, writeZip, zipBytes } from '../helpers/zip'
import { PASSPHRASE, seedOffice } from '../integration/packages-fixture'

/**
 * Small hostile files must be refused by what they really hold, not by what their headers say:
 * every archive and workbook the program reads is inflated with its bytes counted, and stops at
 * the first limit (electron/main/export/input/limits.ts). Memory stays low: each bomb is refused
 * after a bounded number of inflated bytes, which the error reports and the tests check.
 */

const MB = 1024 * 1024
const HEADER = ['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập']
const ROWS = [
  inlineRow(1, HEADER),
  inlineRow(2, ['Lò Văn Pao', 1970, 'Nam', '020170000111', 'Thôn Đồng Tâm', 900_000]),
  inlineRow(3, ['Lò Thị Mỷ', 1972, 'Nữ', '020172000222', 'Bản Nà Phặc', 950_000]),
].join('')
const rssMb = () => process.resourceUsage().maxRSS / 1024

/** A one-sheet workbook whose sheet inflates to `copies` MB of rows while its headers declare `declared` bytes. */
function sheetBomb(path: string, copies: number, declared: number): void {
  const head = Buffer.from(sheetXml(inlineRow(1, HEADER)).replace('</sheetData></worksheet>', ''))
  writeZip(path, [
    ...workbookParts(),
    { name: 'xl/worksheets/sheet1.xml', data: head, declaredSize: declared, deflated: deflateBomb(sheetRowsBlock(), copies, head) },
  ])
}

async function refusal(p: Promise<unknown>): Promise<InputTooLargeError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e, 'the file must be refused').toBeInstanceOf(Error)
  return e as InputTooLargeError
}

/** Runs `use` with the system temp folder pointed at `dir` (ExcelJS's `tmp` reads it on each call). */
async function withTmpdir<T>(dir: string, use: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR
  process.env.TMPDIR = dir
  try {
    return await use()
  } finally {
    if (saved === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = saved
  }
}

/** Runs the CLI in this process (the same runCli the built command runs) and keeps what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, stdin: async () => '' })
  return { code, out: lines.join('\n') }
}

describe('household lists: limits on the bytes a workbook really inflates to', () => {
  it('a 2 MB list whose sheet declares 1 MB and inflates to 600 MB is refused after about 1 MB, writing nothing (no temp file)', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const path = join(dir, 'bom-noi-doi.xlsx')
    sheetBomb(path, 600, MB)
    expect(readFileSync(path).length).toBeLessThan(2.5 * MB)
    // ExcelJS parks a sheet met before the shared strings in a temporary file: that is where 1 GB went.
    const tmp = join(dir, 'tmp')
    mkdirSync(tmp)
    const before = await registerCounts(ctx)
    const t0 = performance.now()
    const e = await withTmpdir(tmp, () => refusal(importHouseholds(ctx, path, {}, { dryRun: false })))
    expect(e.message).toMatch(/"bom-noi-doi\.xlsx".*nhiều hơn 1 MB ghi trong tệp/)
    expect(e.inflatedBytes).toBeGreaterThan(MB)
    expect(e.inflatedBytes).toBeLessThan(2 * MB)
    expect(performance.now() - t0).toBeLessThan(10_000)
    expect(readdirSync(tmp)).toEqual([])
    expect(await registerCounts(ctx)).toEqual(before)
  })

  it('a sheet that inflates past the part limit is stopped at the limit, whatever it declares', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'bom-600mb.xlsx')
    const limit = INPUT_LIMITS.workbook.partBytes
    // Declares exactly the limit (so the header check lets it through) and inflates to 600 MB.
    sheetBomb(path, 600, limit)
    const rss = rssMb()
    const e = await refusal(importHouseholds(ctx, path, {}, { dryRun: true }))
    expect(e.message).toMatch(/"xl\/worksheets\/sheet1\.xml" của tệp "bom-600mb\.xlsx" giải nén ra hơn 256 MB, vượt giới hạn 256 MB/)
    expect(e.inflatedBytes).toBeGreaterThan(limit)
    expect(e.inflatedBytes).toBeLessThan(limit + MB)
    // Counted as it streamed: the 256 MB were never held.
    expect(rssMb() - rss).toBeLessThan(100)
  })

  it('declared sizes over the limits are refused before inflating anything', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const one = join(dir, 'khai-2gb.xlsx')
    sheetBomb(one, 1, 2_000_000_000)
    const e1 = await refusal(importHouseholds(ctx, one, {}, { dryRun: true }))
    expect(e1.message).toMatch(/"khai-2gb\.xlsx" ghi là sẽ giải nén ra hơn 256 MB/)
    expect(e1.inflatedBytes).toBe(0)
    const two = join(dir, 'tong-600mb.xlsx')
    writeZip(two, [
      ...workbookParts(),
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(inlineRow(1, HEADER))), declaredSize: 250 * MB },
      { name: 'xl/worksheets/sheet2.xml', data: Buffer.from(sheetXml('')), declaredSize: 250 * MB },
      { name: 'xl/media/anh.bin', data: Buffer.from(''), declaredSize: 100 * MB },
    ])
    const e2 = await refusal(importHouseholds(ctx, two, {}, { dryRun: true }))
    expect(e2.message).toMatch(/tệp "tong-600mb\.xlsx" ghi là sẽ giải nén ra hơn 512 MB, vượt giới hạn 512 MB cho cả tệp/)
  })

  it('a sheet a streaming reader would meet but the directory does not (in front of it, or behind a descriptor signature) is refused', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const path = join(dir, 'an-phan.xlsx')
    const honest = zipBytes([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(inlineRow(1, HEADER))) }])
    writeFileSync(path, prependHiddenEntry(honest, localEntry('xl/worksheets/sheet1.xml', deflateBomb(sheetRowsBlock(), 600), MB)))
    const tmp = join(dir, 'tmp')
    mkdirSync(tmp)
    const e = await withTmpdir(tmp, () => refusal(importHouseholds(ctx, path, {}, { dryRun: true })))
    expect(e.message).toMatch(/"an-phan\.xlsx" bị hỏng \(có dữ liệu lạ trước phần/)
    // The same sheet behind a data-descriptor signature inside another part's bytes.
    const behind = join(dir, 'sau-dau-ket-thuc.xlsx')
    writeFileSync(behind, smuggleBehindDescriptor(honest, localEntry('xl/worksheets/sheet2.xml', deflateBomb(sheetRowsBlock(), 600), MB)))
    const e2 = await withTmpdir(tmp, () => refusal(importHouseholds(ctx, behind, {}, { dryRun: true })))
    expect(e2.message).toMatch(/"sau-dau-ket-thuc\.xlsx" bị hỏng \(phần "xl\/media\/anh\.bin" chứa dấu kết thúc ở giữa\)/)
    expect(readdirSync(tmp)).toEqual([])
  })

  it('a list written as a stream (sizes in a data descriptor after each part, as Java and .NET writers do) still imports', async () => {
    const ctx = await importTestOffice()
    const path = join(tempDir(), 'ghi-dong.xlsx')
    const parts = [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(ROWS)) }]
    // Python's zipfile writing to a pipe cannot seek back, so every part gets bit 3 and a descriptor.
    const script =
      'import sys, json, zipfile\n' +
      'z = zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED)\n' +
      'for name, text in json.loads(sys.stdin.read()): z.writestr(name, text)\n' +
      'z.close()\n'
    const zip = execFileSync('/usr/bin/python3', ['-c', script], {
      input: JSON.stringify(parts.map((p) => [p.name, p.data.toString('utf8')])),
    })
    expect(zip.readUInt16LE(6) & 0x0008).toBe(0x0008)
    writeFileSync(path, zip)
    expect(await importHouseholds(ctx, path, {}, { dryRun: true })).toMatchObject({ created: 2, rejected: 0 })
  })

  it('a plan annex read whole by ExcelJS gets the same counting: a lying 300 MB annex is refused, by the service and by `plans import`', async () => {
    const ctx = await tempContext()
    const path = join(tempDir(), 'phu-luc-bom.xlsx')
    sheetBomb(path, 300, MB)
    const rss = rssMb()
    const e = await refusal(previewAnnexFile(ctx, path))
    expect(e.message).toMatch(/"phu-luc-bom\.xlsx".*nhiều hơn 1 MB ghi trong tệp/)
    expect(rssMb() - rss).toBeLessThan(100)
    const r = await cli(['--db', join(ctx.dir, 'test.sqlite'), 'plans', 'import', path, '--number', '12/KH-UBND'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/phu-luc-bom\.xlsx.*1 MB/)
  })
})

describe('signed packages: limits on what the snapshot inflates to', () => {
  it('a 600 KB package from a trusted office whose table inflates to 500 MB on one line: `package verify` exits 1 naming the table and the line limit', async () => {
    const dir = tempDir()
    const office = await createContext({ dbPath: join(dir, 'office.sqlite') })
    const province = await createContext({ dbPath: join(dir, 'province.sqlite') })
    const bombPath = join(dir, 'goi-bom.zip')
    try {
      await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
      await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
      await addTrusted(province, { pem: (await exportOwnCertificate(office)).pem })
      const usb = join(dir, 'usb')
      mkdirSync(usb)
      const good = readFileSync((await exportPackage(office, { period: '2026-H1', outDir: usb, passphrase: PASSPHRASE })).path)
      // Opened, the households table swapped for 500 MB of spaces, one line without end (a valid gzip:
      // CRC and length right), signed again. Tables are read a piece at a time, so what bounds this
      // one is the longest line the reader keeps (a line is one row).
      const entries = readZip(good)
      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'))
      const { files, ...fields } = manifest as { files: { name: string; kind: 'snapshot' | 'pdf' | 'xlsx' }[] }
      const bomb = gzipBomb(Buffer.alloc(MB, 0x20), 500)
      const crafted = buildPackage(
        fields as Parameters<typeof buildPackage>[0],
        files.map((f) => ({ name: f.name, kind: f.kind, bytes: f.name === 'du-lieu/households.jsonl.gz' ? bomb : entries.get(f.name)! })),
        await unlockOwnKey(office, PASSPHRASE),
      )
      expect(crafted.zip.length).toBeLessThan(700 * 1024)
      writeFileSync(bombPath, crafted.zip)
    } finally {
      await closeContext(office)
      await closeContext(province)
    }
    const rss = rssMb()
    const r = await cli(['--db', join(dir, 'province.sqlite'), 'package', 'verify', bombPath])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/KHÔNG hợp lệ/)
    expect(r.out).toMatch(/Tệp dữ liệu households, dòng 1: một dòng dài hơn 16 MB/)
    // Inflation stopped at the line limit: never the 500 MB.
    expect(rssMb() - rss).toBeLessThan(400)
  })

  it('the tables together are bounded too: the budget refuses the table that crosses the total', () => {
    const budget = new InflateBudget('gói', 2 * MB, 3 * MB)
    budget.gunzip(gzipSync(Buffer.alloc(2 * MB)), 'du-lieu/a.jsonl.gz')
    expect(() => budget.gunzip(gzipSync(Buffer.alloc(2 * MB)), 'du-lieu/b.jsonl.gz')).toThrow(
      /^Đã dừng đọc: gói giải nén ra hơn 3 MB, vượt giới hạn 3 MB cho cả tệp/,
    )
    expect(() => new InflateBudget('gói', MB, 3 * MB).gunzip(gzipSync(Buffer.alloc(MB + 1)), 'du-lieu/c.jsonl.gz')).toThrow(
      /phần "du-lieu\/c\.jsonl\.gz" của gói giải nén ra hơn 1 MB/,
    )
  })
})

describe('/dev/zero, FIFOs and folders are refused by what they are, before a byte is read', () => {
  it('for every reader: list import, annex, package (CLI too), backup, key file', async () => {
    const ctx = await importTestOffice()
    const dir = tempDir()
    const fifo = (name: string) => {
      execFileSync('mkfifo', [join(dir, name)])
      return join(dir, name)
    }
    const zero = (name: string) => {
      symlinkSync('/dev/zero', join(dir, name))
      return join(dir, name)
    }
    const notRegular = /không phải là tệp thông thường/
    const t0 = performance.now()
    await expect(importHouseholds(ctx, zero('zero.xlsx'), {}, { dryRun: true })).rejects.toThrow(notRegular)
    await expect(importHouseholds(ctx, fifo('fifo.xlsx'), {}, { dryRun: true })).rejects.toThrow(notRegular)
    await expect(importHouseholds(ctx, zero('zero.xls'), {}, { dryRun: true })).rejects.toThrow(notRegular)
    await expect(previewAnnexFile(ctx, fifo('fifo.csv'))).rejects.toThrow(notRegular)
    await expect(previewAnnexFile(ctx, zero('zero.xlsx.csv'))).rejects.toThrow(notRegular)
    expect(() => readPackageFile('/dev/zero')).toThrow(notRegular)
    expect(() => readPackageFile(fifo('fifo.zip'))).toThrow(notRegular)
    expect(() => readPackageFile(dir)).toThrow(/là một thư mục/)
    await expect(readBackupManifest(fifo('fifo.sgnbak'))).rejects.toThrow(notRegular)
    expect(() => readSmallInputFile(fifo('fifo.p12'))).toThrow(notRegular)
    const db = (await tempContext()).dir
    for (const args of [
      ['--db', join(db, 'test.sqlite'), 'package', 'verify', '/dev/zero'],
      ['--db', join(dir, 'khong-co.sqlite'), 'package', 'verify', join(dir, 'x.zip'), '--trust', zero('zero.pem')],
    ]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.out).toMatch(notRegular)
    }
    expect(performance.now() - t0).toBeLessThan(10_000)
  })
})
