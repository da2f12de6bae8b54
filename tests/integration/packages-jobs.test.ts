import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract/errors'
import type { WriteOps } from '../../electron/main/services/files/atomic-save'
import { generateDemoData } from '../../electron/main/services/households/demo-data'
import { CancelledError, waitForJob, type JobControl } from '../../electron/main/services/jobs'
import { exportPackage } from '../../electron/main/services/packages/export'
import { importPackage } from '../../electron/main/services/packages/import'
import { PRIVATE_DIR_NAME } from '../../electron/main/services/files/private-temp'
import { signedInRouter } from '../helpers/session'
import { PASSPHRASE } from './packages-fixture'
import { databaseDigest } from './packages-craft'
import { closeAll, makeOffice, makeProvince, type OfficeHandle } from './packages-offices'

/**
 * Issue 14, item 4: a package export and a package import are jobs. They report what they are
 * doing, Cancel leaves nothing behind (no package, no `.partial`, no copy, no record, no gap in
 * the sequence), and no transaction is open while the package is written.
 */

/** A job control that records the stages and cancels at the first checkpoint once `stage` began. */
function cancelAt(stage: string | null) {
  const stages: string[] = []
  let armed = false
  let cancelled = false
  const control: JobControl = {
    progress(s) {
      stages.push(s)
      if (stage !== null && s.startsWith(stage)) armed = true
    },
    checkpoint() {
      if (armed) {
        cancelled = true
        throw new CancelledError()
      }
    },
    get cancelled() {
      return cancelled
    },
  }
  return { control, stages }
}

/** The disk as the atomic writer sees it, with a pause in the first write (so a long write is seen) and a hook per write. */
function slowOps(onWrite: () => void = () => {}): WriteOps {
  let first = true
  return {
    open: (path) => openSync(path, 'wx', 0o600),
    write(fd, data, offset, length) {
      onWrite()
      if (first) {
        first = false
        const until = performance.now() + 80
        while (performance.now() < until) {
          // the stick is slow: long enough that the writer lets the event loop turn after this piece
        }
      }
      return writeSync(fd, data, offset, length)
    },
    fsync: (fd) => fsyncSync(fd),
    close: (fd) => closeSync(fd),
    rename: (from, to) => renameSync(from, to),
  }
}

describe('package export and import run as jobs', () => {
  let dir: string
  let office: OfficeHandle
  let usb: string

  const sent = () => office.ctx.store.sqlite.prepare('select sequence from packages_sent order by sequence').pluck().all()
  const copies = () => {
    const d = join(dirname(office.ctx.store.path), 'goi-da-gui')
    return existsSync(d) ? readdirSync(d) : []
  }
  const workDirs = () => readdirSync(join(dirname(office.ctx.store.path), PRIVATE_DIR_NAME)).filter((n) => n.includes('goi-xuat'))

  beforeAll(async () => {
    // Kept for the whole file (tempDir's folders go after each test): later tests use the first one's package.
    dir = mkdtempSync(join(tmpdir(), 'sgn-pkg-jobs-'))
    office = await makeOffice(dir, '14563', 'Tân Thành')
    // Enough rows that the tables span many pages and the package several megabytes.
    await generateDemoData(office.ctx, { households: 1500, seed: 11, years: [2025] })
    usb = join(dir, 'usb')
    mkdirSync(usb)
  }, 120_000)
  afterAll(async () => {
    await closeAll(office?.ctx)
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports each table and the megabytes written, with no transaction open while the package is written', async () => {
    const { control, stages } = cancelAt(null)
    const inTransaction: boolean[] = []
    const out = join(dir, 'usb-progress')
    mkdirSync(out)
    const done = await exportPackage(
      office.ctx,
      {
        period: '2026-H1',
        outDir: out,
        passphrase: PASSPHRASE,
        writeOps: slowOps(() => inTransaction.push(office.ctx.store.sqlite.inTransaction)),
      },
      control,
    )
    expect(done.cover.counts.households).toBe(1503)
    expect(stages).toContain('Đang đọc dữ liệu: Hộ gia đình')
    expect(stages).toContain('Đang đọc dữ liệu: Thành viên hộ')
    expect(stages).toContain('Đang ghi gói vào USB')
    expect(stages).toContain('Đang đọc lại và kiểm tra gói trên USB')
    expect(inTransaction.length).toBeGreaterThan(0)
    expect(inTransaction.every((t) => t === false)).toBe(true)
    expect(readdirSync(out)).toEqual([done.cover.fileName])
    expect(sent()).toEqual([1])
  })

  it.each([
    ['while reading a table', 'Đang đọc dữ liệu: Thành viên hộ'],
    ['half way through writing the package to the stick', 'Đang ghi gói vào USB'],
    ['while keeping the copy on this computer', 'Đang lưu bản sao'],
  ])('Cancel %s leaves no package, no partial file, no copy, no record and no gap', async (_when, stage) => {
    const before = { sent: sent(), copies: copies() }
    const { control, stages } = cancelAt(stage)
    await expect(
      exportPackage(office.ctx, { period: '2026-H2', outDir: usb, passphrase: PASSPHRASE, writeOps: slowOps() }, control),
    ).rejects.toThrow(CancelledError)
    expect(stages.some((s) => s.startsWith(stage))).toBe(true)
    expect(readdirSync(usb)).toEqual([])
    expect(copies()).toEqual(before.copies)
    expect(sent()).toEqual(before.sent)
    expect(workDirs()).toEqual([])
  })

  it('refuses, and removes its package, when another package took the sequence number meanwhile', async () => {
    const before = sent()
    let raced = false
    const race = () => {
      if (raced) return
      raced = true
      // Another export (a second window) records its package while this one writes to the stick.
      office.ctx.store.sqlite
        .prepare(
          `insert into packages_sent (id, period, sequence, manifest_hash, previous_hash, file_name, copy_path, created_at, status, comments)
           values ('khac', '2026', ?, 'ab', null, 'khac.zip', '', '2026-01-01T00:00:00.000Z', 'sent', '')`,
        )
        .run(Math.max(0, ...(before as number[])) + 1)
    }
    const attempt = exportPackage(office.ctx, { period: '2026', outDir: usb, passphrase: PASSPHRASE, writeOps: slowOps(race) })
    await expect(attempt).rejects.toThrow(ApiError)
    await expect(attempt).rejects.toThrow(/Một gói khác vừa được tạo/)
    expect(readdirSync(usb)).toEqual([])
    office.ctx.store.sqlite.prepare("delete from packages_sent where id = 'khac'").run()
    expect(sent()).toEqual(before)
  })

  it('through the router: the channel answers with a job at once; Cancel ends it with nothing written; a second export waits its turn', async () => {
    const out = join(dir, 'usb-router')
    mkdirSync(out)
    office.ctx.files = { chooseOpenFile: async () => null, chooseSaveFile: async () => null, chooseFolder: async () => out }
    const api = await signedInRouter(office.ctx, 'approver')
    const before = sent()
    const started = await api.invoke('packages.export', { period: '2027', passphrase: PASSPHRASE, reports: [] })
    if (!started.ok) expect.fail(started.error.message)
    const { jobId } = started.data as { jobId: string }
    expect(await api.invoke('packages.export', { period: '2027', passphrase: PASSPHRASE, reports: [] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    })
    expect(await api.invoke('jobs.cancel', { jobId })).toMatchObject({ ok: true })
    const end = await waitForJob(office.ctx, jobId)
    expect(end.state).toBe('cancelled')
    expect(readdirSync(out)).toEqual([])
    expect(sent()).toEqual(before)
    expect(workDirs()).toEqual([])

    const again = await api.invoke('packages.export', { period: '2027', passphrase: PASSPHRASE, reports: [] })
    if (!again.ok) expect.fail(again.error.message)
    const finished = await waitForJob(office.ctx, (again.data as { jobId: string }).jobId)
    expect(finished).toMatchObject({ state: 'done', result: { folder: out, cover: { period: '2027' } } })
    expect(readdirSync(out)).toHaveLength(1)
  })

  it('imports as a job at the province: each table reported, and Cancel before the transaction changes nothing', async () => {
    const province = await makeProvince(dir, [office])
    try {
      const zip = readdirSync(join(dir, 'usb-progress'))[0]!
      const bytes = readFileSync(join(dir, 'usb-progress', zip))
      const before = databaseDigest(province.ctx)
      const cancelled = cancelAt('Đang kiểm tra dữ liệu: Thành viên hộ')
      await expect(importPackage(province.ctx, bytes, undefined, cancelled.control)).rejects.toThrow(CancelledError)
      expect(databaseDigest(province.ctx)).toEqual(before)
      // The staged tables are gone; only the register's open-marker (files/db-holders.ts) stays.
      expect(readdirSync(join(dirname(province.path), PRIVATE_DIR_NAME)).filter((n) => !/-open-[0-9a-f]+\.json$/.test(n))).toEqual([])

      province.files.pick = join(dir, 'usb-progress', zip)
      const api = await signedInRouter(province.ctx, 'approver')
      const picked = await api.invoke('packages.pick', {})
      if (!picked.ok) expect.fail(picked.error.message)
      const started = await api.invoke('packages.import', { token: (picked.data as { token: string }).token })
      if (!started.ok) expect.fail(started.error.message)
      const end = await waitForJob(province.ctx, (started.data as { jobId: string }).jobId)
      expect(end).toMatchObject({ state: 'done', result: { status: 'imported' } })
      expect(province.ctx.store.sqlite.prepare('select count(*) from households where office_id = ?').pluck().get(office.officeId)).toBe(
        1503,
      )
    } finally {
      await closeAll(province.ctx)
    }
  })
})
