import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { ChannelOutput } from '@shared/contract'
import type { OfficeFields } from '@shared/domain/office'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { ServiceContext } from '../../electron/main/services/context'
import { setProgramName } from '../../electron/main/services/files/db-holders'
import { setupOffice } from '../../electron/main/services/office'
import { createBackup } from '../../electron/main/services/system/backup'
import { userTables } from '../../electron/main/services/system/db-facts'
import { addUnit } from '../../electron/main/services/units'
import { openStore } from '../../electron/main/store/open'
import { StoreError } from '../../electron/main/store/errors'
import { CLI_BIN, runCli } from '../helpers/cli'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'

// Restores that would lose or mix data are refused (docs/reliability.md, "Restores that lose or mix data").

const OFFICE_A: OfficeFields = {
  code: '14563',
  name: 'UBND xã Tân Thành',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  mode: 'office',
  standardId: 'mdp-2022-2025',
}
const OFFICE_B: OfficeFields = { ...OFFICE_A, code: '14567', name: 'UBND xã Yên Mỹ' }
const PROVINCE: OfficeFields = { ...OFFICE_A, code: '37', name: 'Sở Nông nghiệp và Môi trường Ninh Bình', mode: 'province' }

function dump(path: string): Record<string, unknown[]> {
  const raw = new Database(path, { readonly: true })
  try {
    return Object.fromEntries(userTables(raw).map((t) => [t, raw.prepare(`select * from "${t}" order by rowid`).all()]))
  } finally {
    raw.close()
  }
}

/** A backup of a fresh database of `office` with one unit, written into `usb`. */
async function backupOf(office: OfficeFields, usb: string): Promise<string> {
  const ctx = await createContext({ dbPath: join(tempDir(), 'khac.sqlite'), actor: () => 'tester' })
  try {
    await setupOffice(ctx, { office, units: [] })
    await addUnit(ctx, { parentId: null, kind: 'village', code: '', name: `Thôn của ${office.name}` })
    return (await createBackup(ctx.store, { dir: usb, passphrase: null, now: ctx.now, appVersion: ctx.appVersion })).path
  } finally {
    await closeContext(ctx)
  }
}

/** A signed-in admin router over a database of `office`, whose "open file" dialog answers `file()`. */
async function officeRouter(office: OfficeFields, file: () => string) {
  const ctx = await tempContext({
    files: { chooseOpenFile: async () => file(), chooseSaveFile: async () => null },
  })
  await setupOffice(ctx, { office, units: [] })
  await addUnit(ctx, { parentId: null, kind: 'village', code: '', name: 'Thôn Đồng Tâm' })
  return { ctx, api: await signedInRouter(ctx, 'admin') }
}

type Offer = Extract<ChannelOutput<'system.backup.inspect'>, { cancelled: false }>

/** The restore offer of an inspect answer (the router's answers are untyped here). */
function offerOf(r: { ok: boolean; data?: unknown; error?: unknown }): Offer {
  if (!r.ok || (r.data as { cancelled: boolean }).cancelled) throw new Error(JSON.stringify(r))
  return r.data as Offer
}

async function unitNames(ctx: ServiceContext): Promise<string[]> {
  return (await ctx.store.db.selectFrom('admin_units').select('name').orderBy('name').execute()).map((u) => u.name)
}

describe("another office's backup", () => {
  it('is refused through the router until the admin types its office code; nothing changes meanwhile', async () => {
    const backup = await backupOf(OFFICE_B, join(tempDir(), 'usb'))
    const { ctx, api } = await officeRouter(OFFICE_A, () => backup)
    const offer = offerOf(await api.invoke('system.backup.inspect', {}))
    expect(offer.officeCheck).toEqual({
      message: expect.stringMatching(/đơn vị khác.*UBND xã Yên Mỹ \(mã 14567.*UBND xã Tân Thành \(mã 14563/),
      confirmCode: '14567',
    })
    const before = dump(ctx.store.path)

    for (const confirmOfficeCode of [undefined, '14563', '1456']) {
      const refused = await api.invoke('system.backup.restore', { token: offer.token, confirmOfficeCode })
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          path: ['confirmOfficeCode'],
          message: expect.stringMatching(/gõ mã đơn vị 14567.*Chưa có gì bị thay đổi/),
        },
      })
      expect(dump(ctx.store.path), 'the database is unchanged').toEqual(before)
    }
    // The store stayed open and usable: the refusal did not interrupt the clerk's work.
    expect(await unitNames(ctx)).toEqual(['Thôn Đồng Tâm'])

    const done = await api.invoke('system.backup.restore', { token: offer.token, confirmOfficeCode: ' 14567 ' })
    expect(done).toMatchObject({ ok: true, data: { keptAside: expect.stringMatching(/before-restore/) } })
    expect(await unitNames(ctx)).toEqual(['Thôn của UBND xã Yên Mỹ'])
    expect((await ctx.store.db.selectFrom('office').select('code').executeTakeFirstOrThrow()).code).toBe('14567')
  })

  it("an office's backup over the province's database (and the reverse) needs the same confirmation", async () => {
    const usb = join(tempDir(), 'usb')
    const officeBackup = await backupOf(OFFICE_A, usb)
    const provinceBackup = await backupOf(PROVINCE, usb)
    let chosen = officeBackup
    const { ctx, api } = await officeRouter(PROVINCE, () => chosen)
    const before = dump(ctx.store.path)
    const offer = offerOf(await api.invoke('system.backup.inspect', {}))
    expect(offer.officeCheck?.message).toMatch(/Bản sao lưu là cơ sở dữ liệu của một đơn vị, còn cơ sở dữ liệu hiện tại là của tỉnh/)
    expect(await api.invoke('system.backup.restore', { token: offer.token })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', path: ['confirmOfficeCode'] },
    })
    expect(dump(ctx.store.path)).toEqual(before)

    // The province's own backup restores without a question.
    chosen = provinceBackup
    const own = offerOf(await api.invoke('system.backup.inspect', {}))
    expect(own.officeCheck).toBeNull()
    expect(await api.invoke('system.backup.restore', { token: own.token })).toMatchObject({ ok: true })
  })

  it('is refused by the CLI (exit 1, Vietnamese message, file unchanged) until --confirm-office names it', () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    const other = join(dir, 'other.sqlite')
    const init = (path: string, o: OfficeFields) =>
      runCli(['--db', path, 'init', '--office-code', o.code, '--office-name', o.name, '--province-code', o.provinceCode]).code
    expect(init(db, OFFICE_A)).toBe(0)
    expect(init(other, OFFICE_B)).toBe(0)
    expect(runCli(['--db', other, 'backup', 'create', '--out', join(dir, 'usb')]).code).toBe(0)
    const file = join(dir, 'usb', listOne(join(dir, 'usb')))
    const before = readFileSync(db)

    const preview = runCli(['--db', db, 'backup', 'restore', file])
    expect(preview.code).toBe(0)
    expect(preview.stdout).toMatch(/Chú ý: Bản sao lưu là của một đơn vị khác/)
    expect(preview.stdout).toMatch(/--yes --confirm-office 14567/)

    for (const extra of [[], ['--confirm-office', '14563']]) {
      const refused = runCli(['--db', db, 'backup', 'restore', file, '--yes', ...extra])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/đơn vị khác.*UBND xã Yên Mỹ.*xác nhận bằng mã đơn vị 14567.*--confirm-office/)
      expect(readFileSync(db).equals(before), 'the database file is byte-identical').toBe(true)
    }
    const done = runCli(['--db', db, 'backup', 'restore', file, '--yes', '--confirm-office', '14567'])
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    expect(JSON.parse(runCli(['--db', db, 'info', '--json']).stdout).office.code).toBe('14567')
  })
})

/** The one backup in a folder. */
function listOne(dir: string): string {
  const names = readdirSync(dir)
  expect(names).toHaveLength(1)
  return names[0]!
}

describe('a restore while another process has the database open', () => {
  it('the CLI refuses while the app holds the database, names it, and the app’s later writes are kept', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    expect(runCli(['--db', db, 'init', '--office-code', '14563', '--office-name', 'UBND xã Tân Thành', '--province-code', '37']).code).toBe(
      0,
    )
    expect(runCli(['--db', db, 'backup', 'create', '--out', join(dir, 'usb')]).code).toBe(0)
    const file = join(dir, 'usb', listOne(join(dir, 'usb')))

    // This test process plays the app: it has the database open, as the app does all day.
    setProgramName('ứng dụng Sổ Giảm Nghèo')
    const app = await createContext({ dbPath: db, actor: () => 'tester' })
    try {
      const r = runCli(['--db', db, 'backup', 'restore', file, '--yes'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(`đang được mở bởi ứng dụng Sổ Giảm Nghèo \\(mã tiến trình ${process.pid}\\).*Chưa có gì bị thay đổi`),
      )
      // The app goes on working: what it writes now must be in the file on disk, not in a replaced one.
      await addUnit(app, { parentId: null, kind: 'village', code: '', name: 'Thôn ghi sau khi khôi phục bị từ chối' })
    } finally {
      await closeContext(app)
    }
    const raw = new Database(db, { readonly: true })
    const names = (raw.prepare('select name from admin_units').all() as { name: string }[]).map((u) => u.name)
    raw.close()
    expect(names).toContain('Thôn ghi sau khi khôi phục bị từ chối')
  })

  it('the router refuses while a CLI command holds the database, names the command, and the command’s writes are kept', async () => {
    const backupDir = join(tempDir(), 'usb')
    let file = ''
    const { ctx, api } = await officeRouter(OFFICE_A, () => file)
    file = (await createBackup(ctx.store, { dir: backupDir, passphrase: null, now: ctx.now, appVersion: ctx.appVersion })).path
    const offer = offerOf(await api.invoke('system.backup.inspect', {}))

    // A long maintenance write from the CLI, in one transaction, with progress printed inside it.
    const rows = 300_000
    const child = spawn(process.execPath, [CLI_BIN, '--db', ctx.store.path, 'selftest-write', '--rows', String(rows)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
    await expect.poll(() => out, { timeout: 60_000, interval: 10 }).toMatch(/PROGRESS selftest-write/)
    const refused = await api.invoke('system.backup.restore', { token: offer.token })
    const stillRunning = !/COMMITTED/.test(out)
    expect(await exited).toBe(0)
    expect(stillRunning, 'the command was still writing when the restore was asked for').toBe(true)
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringMatching(/đang được mở bởi lệnh "so-giam-ngheo selftest-write" \(mã tiến trình \d+\)/),
      },
    })
    // The command's rows are in the database the app has open again.
    const n = await ctx.store.db
      .selectFrom('system_selftest')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(rows)
  })

  it('an app or command that starts while a restore runs gives up with a message, not a write into the replaced file', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    await (await openStore(db)).close()
    // A restore in another process: its marker (pid of a running process: this test's parent) in the private folder.
    writeFileSync(
      join(dir, '.sgn-tam', `restoring-office.sqlite.json`),
      JSON.stringify({
        pid: process.ppid,
        program: 'lệnh "so-giam-ngheo backup restore"',
        db: 'office.sqlite',
        since: new Date().toISOString(),
      }),
    )
    const error = await openStore(db).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('DB_BUSY')
    expect((error as StoreError).message).toMatch(/đang được khôi phục từ bản sao lưu bởi lệnh "so-giam-ngheo backup restore"/)
  })
})

describe('files that look like a damaged register', () => {
  it('a 0-byte register is refused like a damaged one and stays 0 bytes (app, CLI)', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    writeFileSync(db, '')
    const error = await openStore(db).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).code).toBe('DB_CORRUPT')
    expect((error as StoreError).message).toMatch(/rỗng \(0 byte\).*khôi phục từ bản sao lưu/)
    const r = runCli(['--db', db, 'info'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/rỗng \(0 byte\)/)
    const check = runCli(['--db', db, 'check'])
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(/Toàn vẹn: LỖI — Tệp rỗng \(0 byte\)/)
    expect(statSync(db).size, 'never turned into a new empty database').toBe(0)
  })

  it('a file that is not SQLite is refused like a damaged one (CLI), unchanged', () => {
    const db = join(tempDir(), 'office.sqlite')
    writeFileSync(db, 'Danh sách hộ nghèo\n'.repeat(200))
    const before = readFileSync(db)
    const r = runCli(['--db', db, 'households', 'list'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/không phải là cơ sở dữ liệu của Sổ Giảm Nghèo \(hoặc đã hỏng\).*khôi phục/)
    expect(readFileSync(db).equals(before)).toBe(true)
  })

  it.skipIf(process.platform === 'win32')('a sound register on a read-only medium is named read-only, not damaged', () => {
    const dir = tempDir()
    const media = join(dir, 'usb-khoa-ghi')
    const db = join(media, 'office.sqlite')
    expect(runCli(['--db', db, 'init', '--office-code', '14563', '--office-name', 'UBND xã Tân Thành', '--province-code', '37']).code).toBe(
      0,
    )
    const before = readFileSync(db)
    // Root ignores file modes: when the suite runs as root, the command runs without the capabilities
    // that override them (setpriv, util-linux). Not as another user: the checkout may sit in a folder
    // only root can read (a fresh clone under /root), and the command must still load.
    const asRoot = process.getuid?.() === 0
    const cli = (args: string[]) =>
      asRoot
        ? spawnSync('setpriv', ['--bounding-set', '-dac_override,-dac_read_search', process.execPath, CLI_BIN, '--db', db, ...args], {
            encoding: 'utf8',
            cwd: dir,
          })
        : spawnSync(process.execPath, [CLI_BIN, '--db', db, ...args], { encoding: 'utf8', cwd: dir })
    chmodSync(dir, 0o755)
    try {
      // A write-protected stick: neither the file nor its folder can be written.
      chmodSync(db, 0o444)
      chmodSync(media, 0o555)
      for (const args of [['info'], ['households', 'list']]) {
        const r = cli(args)
        expect(r.status, r.stderr).toBe(1)
        expect(r.stderr).toMatch(/Thư mục chứa tệp ở chế độ chỉ đọc \(ổ USB đang gạt khóa chống ghi.*không phải là lý do để khôi phục/)
        expect(r.stderr).not.toMatch(/hỏng/)
      }
      // Only the file is read-only (copied from a CD, say): it is read and checked, and said to be sound.
      chmodSync(media, 0o777)
      const r = cli(['info'])
      expect(r.status, r.stderr).toBe(1)
      expect(r.stderr).toMatch(/Tệp ở chế độ chỉ đọc.*Tệp vẫn đọc được và nguyên vẹn: không cần khôi phục/)
      expect(r.stderr).not.toMatch(/hỏng/)
      expect(readFileSync(db).equals(before)).toBe(true)
    } finally {
      chmodSync(media, 0o755)
      chmodSync(db, 0o644)
    }
  })
})
