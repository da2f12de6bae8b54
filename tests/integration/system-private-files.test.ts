import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeContext, createContext } from '../../electron/main/app-context'
import { openStore } from '../../electron/main/store/open'
import { runCli } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

// Secrets and debris on disk (docs/reliability.md): the program's temporary files live in a private
// folder next to the database and go at the next start if a crash left them; what it writes is 0600.

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8)
const posix = process.platform !== 'win32'

function init(db: string, code = '14563'): void {
  const r = runCli(['--db', db, 'init', '--office-code', code, '--office-name', 'UBND xã Tân Thành', '--province-code', '37'])
  expect(r.code, r.stderr).toBe(0)
}

describe.skipIf(!posix)('files the program writes are readable by their owner only', () => {
  it('database, its -wal/-shm, backups (plain and encrypted), kept copies, packages and reports are 0600; the private folder 0700', async () => {
    const dir = tempDir()
    const db = join(dir, 'du-lieu', 'office.sqlite')
    init(db)
    expect(modeOf(db)).toBe('600')
    expect(modeOf(join(dir, 'du-lieu', '.sgn-tam'))).toBe('700')

    // Open, as the app is all day: the WAL and shared-memory files hold register pages too.
    const ctx = await createContext({ dbPath: db, actor: () => 'tester' })
    try {
      await ctx.store.db.insertInto('settings').values({ key: 'thu', value_json: '1', updated_at: '' }).execute()
      expect([modeOf(`${db}-wal`), modeOf(`${db}-shm`)]).toEqual(['600', '600'])
    } finally {
      await closeContext(ctx)
    }

    const usb = join(dir, 'usb')
    const env = { SGN_BACKUP_PASSPHRASE: 'mật khẩu đủ dài', SGN_KEY_PASS: 'mật khẩu khóa của xã 2026' }
    expect(runCli(['--db', db, 'backup', 'create', '--out', usb], { env }).code).toBe(0)
    expect(runCli(['--db', db, 'backup', 'create', '--out', usb, '--encrypt'], { env }).code).toBe(0)
    const backups = readdirSync(usb)
    expect(backups).toHaveLength(2)
    for (const b of backups) expect(modeOf(join(usb, b)), b).toBe('600')

    const restored = runCli(['--db', db, 'backup', 'restore', join(usb, backups[0]!), '--yes'], { env })
    expect(restored.code, restored.stderr).toBe(0)
    const kept = readdirSync(join(dir, 'du-lieu')).filter((n) => n.includes('before-restore'))
    expect(kept).toHaveLength(1)
    expect([modeOf(db), modeOf(join(dir, 'du-lieu', kept[0]!))]).toEqual(['600', '600'])

    const out = join(dir, 'goi')
    mkdirSync(out) // the USB stick's folder
    for (const args of [
      ['keys', 'create', '--passphrase-env', 'SGN_KEY_PASS'],
      ['package', 'export', '--period', '2026', '--out', out, '--passphrase-env', 'SGN_KEY_PASS', '--reports', 'none'],
      ['report', 'summary', '--year', '2026', '--format', 'xlsx', '--out', join(dir, 'bao-cao.xlsx')],
      ['report', 'summary', '--year', '2026', '--format', 'html', '--out', join(dir, 'bao-cao.html')],
    ]) {
      const r = runCli(['--db', db, ...args], { env })
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
    }
    const packages = readdirSync(out)
    expect(packages.length).toBeGreaterThan(0)
    for (const p of packages) expect(modeOf(join(out, p)), p).toBe('600')
    expect([modeOf(join(dir, 'bao-cao.xlsx')), modeOf(join(dir, 'bao-cao.html'))]).toEqual(['600', '600'])
  })

  it('the copy kept before a schema upgrade is 0600', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    copyFileSync(join(import.meta.dirname, '../fixtures/schema-v1/office.sqlite'), db)
    const store = await openStore(db)
    try {
      expect(store.backupBeforeMigration).not.toBeNull()
      expect(modeOf(store.backupBeforeMigration!)).toBe('600')
      expect(modeOf(db)).toBe('600')
    } finally {
      await store.close()
    }
  })
})

describe('what a crash left in the private folder', () => {
  const savedTmp = process.env.TMPDIR
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = savedTmp
  })

  it("is removed when the database is next opened; a running process's files are kept", async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    await (await openStore(db)).close()
    const priv = join(dir, '.sgn-tam')
    // A process that has ended: its pid is free (a pid is not reused this fast).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const hourAgo = new Date(Date.now() - 2 * 3600_000)
    const entries = {
      deadWork: join(priv, `${dead}-khoi-phuc-AbC123`),
      deadRegistration: join(priv, `${dead}-open-0a1b2c3d.json`),
      deadMarker: join(priv, 'restoring-office.sqlite.json'),
      liveWork: join(priv, `${process.pid}-xls-XyZ789`),
      beforeBoot: join(priv, `${process.pid}-sao-luu-Old000`),
    }
    mkdirSync(entries.deadWork)
    writeFileSync(join(entries.deadWork, 'restore.sqlite'), 'bản giải mã dở dang')
    writeFileSync(entries.deadRegistration, JSON.stringify({ pid: dead, program: 'x', db: 'office.sqlite', since: '' }))
    writeFileSync(entries.deadMarker, JSON.stringify({ pid: dead, program: 'x', db: 'office.sqlite', since: '' }))
    mkdirSync(entries.liveWork)
    writeFileSync(join(entries.liveWork, 'danh-sach.xlsx'), 'đang dùng')
    // Written before the machine started: its pid may have been given to another process since.
    mkdirSync(entries.beforeBoot)
    utimesSync(entries.beforeBoot, new Date('2000-01-01'), new Date('2000-01-01'))
    // What older versions left: a restore's temporary file beside the database, folders in the system temp folder.
    const legacyBeside = join(dir, '.restore-0123abcd.tmp')
    const freshBeside = join(dir, '.restore-89abcdef.tmp')
    writeFileSync(legacyBeside, 'bản giải mã cũ')
    utimesSync(legacyBeside, hourAgo, hourAgo)
    writeFileSync(freshBeside, 'có thể một phiên bản cũ đang chạy')
    const systemTmp = join(dir, 'systmp')
    mkdirSync(systemTmp)
    const legacyTmp = join(systemTmp, 'sgn-restore-Q1w2E3')
    const othersTmp = join(systemTmp, 'sgn-xls-test-Q1w2E3')
    mkdirSync(legacyTmp)
    mkdirSync(othersTmp)
    utimesSync(legacyTmp, hourAgo, hourAgo)
    utimesSync(othersTmp, hourAgo, hourAgo)
    process.env.TMPDIR = systemTmp

    const store = await openStore(db)
    try {
      expect(existsSync(entries.deadWork) || existsSync(entries.deadRegistration) || existsSync(entries.deadMarker)).toBe(false)
      expect(existsSync(entries.beforeBoot)).toBe(false)
      expect(existsSync(join(entries.liveWork, 'danh-sach.xlsx')), "a running process's file stays").toBe(true)
      expect(existsSync(legacyBeside)).toBe(false)
      expect(existsSync(freshBeside), 'under an hour old: left alone').toBe(true)
      expect(readdirSync(systemTmp)).toEqual(['sgn-xls-test-Q1w2E3'])
    } finally {
      await store.close()
    }
  })

  it.skipIf(!posix)('a new database is never an empty file under its name, and its folders are private', async () => {
    const dir = tempDir()
    const db = join(dir, 'moi', 'office.sqlite')
    const store = await openStore(db)
    await store.close()
    expect(statSync(db).size).toBeGreaterThan(0)
    expect([modeOf(join(dir, 'moi')), modeOf(join(dir, 'moi', '.sgn-tam')), modeOf(db)]).toEqual(['700', '700', '600'])
    // Only the record of the clean close (store/integrity-record.ts), private like the rest.
    expect(readdirSync(join(dir, 'moi', '.sgn-tam')), 'nothing left of the creation').toEqual(['integrity-office.sqlite.rec'])
    expect(modeOf(join(dir, 'moi', '.sgn-tam', 'integrity-office.sqlite.rec'))).toBe('600')
  })
})
