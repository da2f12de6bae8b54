import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import * as XLSX from 'xlsx'
import { expect } from 'vitest'
import { extractBackupFile } from '../../electron/main/services/system/backup-format'
import { cliInProcess, runCli } from '../helpers/cli'
import { inlineRow, writeSheetXlsx } from '../helpers/zip'
import type { DbFacts } from '../../electron/main/services/system/db-facts'
import { expectSoundDatabase } from './harness/db-check'
import type { KillTrigger, TrialOutcome } from './harness/kill'

/**
 * An operation of the built CLI that the suite kills with SIGKILL at random moments. After every
 * kill, `check` must find a database that opens, passes integrity_check, and holds all or none of
 * the operation.
 *
 * HOOK for the operations being built on other branches — add one entry to KILL_SUBJECTS:
 *   households import: setup writes a large .xlsx/.csv (thousands of rows) and inits the db;
 *     args: ['--db', db, 'households', 'import', file]; trigger: { kind: 'fileGrows', path: db + '-wal',
 *     bytes: 64 * 1024 } (or a progress marker if the command prints one inside its transaction);
 *     check: expectSoundDatabase, then households count is either the count before or before + rows,
 *     and an import's audit rows exist exactly when its households do.
 *   package export: args: ['--db', db, 'package', 'export', '--out', dir, …]; trigger: spawn;
 *     check: every file in dir with the final package name verifies (packages' verify function);
 *     only `.partial` files may be incomplete. Use the one atomic save, services/files/atomic-save.ts.
 */
export interface KillSubject {
  name: string
  /** Kill points to try (after one uninterrupted calibration run). */
  trials: number
  /** Extra environment of the command; a function gets the trial folder (e.g. for its own TMPDIR). */
  env?: NodeJS.ProcessEnv | ((dir: string) => NodeJS.ProcessEnv)
  setup(dir: string): void | Promise<void>
  /** Runs before every trial (after setup and after the calibration run); e.g. puts the old database back. */
  beforeEach?(dir: string): void
  args(dir: string, trial: number): string[]
  trigger(dir: string): KillTrigger
  /** Fails the test when the state after the trial is not acceptable. Returns a label for the tally. */
  check(dir: string, outcome: TrialOutcome): Promise<string>
}

const OFFICE = ['--office-name', 'UBND xã Tân Thành', '--province-code', '37']

/**
 * Each subject's commands get their own system temp folder, so what they leave there is seen: the
 * program must leave nothing (its temporary files live in the private folder next to the database).
 */
const systemTmp = (dir: string) => join(dir, 'systmp')
const tmpEnv =
  (extra: NodeJS.ProcessEnv = {}) =>
  (dir: string) => ({ ...extra, TMPDIR: systemTmp(dir), TEMP: systemTmp(dir), TMP: systemTmp(dir) })

function isSqliteFile(path: string): boolean {
  const head = Buffer.alloc(16)
  const fd = openSync(path, 'r')
  try {
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0'
  } finally {
    closeSync(fd)
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile())
}

/**
 * What a killed command may leave, checked in two steps around the next start (expectSoundDatabase
 * opens the database with openStore, as the app's or any command's start does):
 * - before it: no plain SQLite file anywhere in the trial folder outside the private folder, but the
 *   databases the subject made on purpose (`keep`) and the copies kept beside the office's database
 *   (a decrypted backup or a snapshot for an encrypted one must never be outside it);
 * - after it: nothing in the command's system temp folder, nothing left in the private folder, no
 *   `.tmp`/`.partial` beside the database.
 */
function expectNoPlainCopies(dir: string, keep: string[]): void {
  const plain = filesUnder(dir)
    .map((p) => relative(dir, p))
    .filter((r) => !r.startsWith('.sgn-tam') && !keep.includes(r) && !/^office\.sqlite(\.(before-restore-.*|v\d+-.*)\.bak)?$/.test(r))
    .filter((r) => isSqliteFile(join(dir, r)))
  expect(plain, 'plain database copies outside the private folder').toEqual([])
}

function expectNoDebrisAfterStart(dir: string): void {
  expect(readdirSync(systemTmp(dir)), 'left in the system temp folder').toEqual([])
  const priv = join(dir, '.sgn-tam')
  // The record of a clean close (store/integrity-record.ts) is the program's, not debris.
  const left = existsSync(priv) ? readdirSync(priv).filter((n) => !/^integrity-.*\.rec$/.test(n)) : []
  expect(left, 'left in the private folder after the next start').toEqual([])
  expect(
    readdirSync(dir).filter((n) => /\.(tmp|partial|tmp-journal)$/.test(n)),
    'temporary files beside the database',
  ).toEqual([])
}

/** The two checks above around the next start; returns what the start found. */
async function expectCleanNextStart(dir: string, keep: string[], label: string): Promise<DbFacts> {
  expectNoPlainCopies(dir, keep)
  const facts = await expectSoundDatabase(join(dir, 'office.sqlite'), label)
  expectNoDebrisAfterStart(dir)
  return facts
}

function init(db: string, code: string, mode: 'office' | 'province' = 'office'): void {
  const r = runCli(['--db', db, 'init', '--office-code', code, ...OFFICE, ...(mode === 'province' ? ['--mode', 'province'] : [])])
  if (r.code !== 0) throw new Error(r.stderr)
}

function selftest(db: string, rows: number): void {
  const r = runCli(['--db', db, 'selftest-write', '--rows', String(rows)])
  if (r.code !== 0) throw new Error(r.stderr)
}

function scratchState(db: string): { rows: number; batches: string[]; audited: string[] } {
  const raw = new Database(db, { readonly: true })
  try {
    const rows = (raw.prepare('select count(*) as n from system_selftest').get() as { n: number }).n
    const batches = (raw.prepare('select distinct batch_id as b from system_selftest').all() as { b: string }[]).map((r) => r.b)
    const audited = (raw.prepare("select entity_id as b from audit_log where entity = 'system_selftest'").all() as { b: string }[]).map(
      (r) => r.b,
    )
    return { rows, batches, audited }
  } finally {
    raw.close()
  }
}

const SELFTEST_ROWS = 40_000

function selftestSubject(name: string, trials: number, trigger: (dir: string) => KillTrigger): KillSubject {
  let lastBatch = ''
  return {
    name,
    trials,
    setup(dir) {
      const db = join(dir, 'office.sqlite')
      init(db, '14563')
      selftest(db, SELFTEST_ROWS)
      lastBatch = scratchState(db).batches[0]!
    },
    args: (dir) => ['--db', join(dir, 'office.sqlite'), 'selftest-write', '--rows', String(SELFTEST_ROWS)],
    trigger,
    async check(dir, outcome) {
      const db = join(dir, 'office.sqlite')
      await expectSoundDatabase(db, name)
      const s = scratchState(db)
      // All or nothing: exactly one complete batch (the previous or the new one), and it is audited.
      expect(s.batches, 'one batch').toHaveLength(1)
      expect(s.rows, 'every row of the batch').toBe(SELFTEST_ROWS)
      expect(s.audited, 'the batch has its audit row').toContain(s.batches[0])
      const committed = /COMMITTED/.test(outcome.stdout)
      if (committed) expect(s.batches[0], 'a reported commit is durable').not.toBe(lastBatch)
      const label = s.batches[0] === lastBatch ? 'rolled back' : 'committed'
      lastBatch = s.batches[0]!
      return label
    },
  }
}

const backupCreateSubject: KillSubject = {
  name: 'backup create',
  trials: 10,
  env: tmpEnv({ SGN_BACKUP_PASSPHRASE: 'mật khẩu thử nghiệm' }),
  setup(dir) {
    const db = join(dir, 'office.sqlite')
    init(db, '14563')
    // Large enough (about 15 MB) that most of the command's life is the backup itself, not Node starting.
    selftest(db, 150_000)
    mkdirSync(systemTmp(dir))
  },
  // Half the trials encrypt, so both ways of writing the file are interrupted.
  args: (dir, trial) => [
    '--db',
    join(dir, 'office.sqlite'),
    'backup',
    'create',
    '--out',
    join(dir, 'usb'),
    '--keep',
    '3',
    ...(trial % 2 ? ['--encrypt'] : []),
  ],
  trigger: () => ({ kind: 'spawn' }),
  async check(dir) {
    // The snapshot an encrypted backup is made from is the plain register: never outside the private folder.
    await expectCleanNextStart(dir, [], 'backup create')
    const usb = join(dir, 'usb')
    const names = existsSync(usb) ? readdirSync(usb) : []
    // A file under a final name is always a complete, verifiable backup; anything else is a hidden .partial.
    for (const n of names) {
      if (n.endsWith('.partial')) {
        expect(n.startsWith('.')).toBe(true)
        continue
      }
      expect(n).toMatch(/^sgn-14563-.*\.sgnbak$/)
      const out = join(dir, 'verify.sqlite')
      await extractBackupFile(join(usb, n), out, 'mật khẩu thử nghiệm')
      rmSync(out, { force: true })
    }
    return names.some((n) => n.endsWith('.partial')) ? 'partial left' : 'clean'
  },
}

const RESTORE_PASS = 'mật khẩu sao lưu thử'

/** Restores another office's backup (confirmed by its code) over the database; `encrypted`: from an encrypted backup. */
function backupRestoreSubject(encrypted: boolean): KillSubject {
  return {
    name: encrypted ? 'backup restore (encrypted backup)' : 'backup restore',
    trials: 10,
    env: tmpEnv({ SGN_BACKUP_PASSPHRASE: RESTORE_PASS }),
    setup(dir) {
      mkdirSync(systemTmp(dir))
      const current = join(dir, 'office.sqlite')
      init(current, 'CURRENT')
      selftest(current, 30_000)
      copyFileSync(current, join(dir, 'pristine.sqlite'))
      const other = join(dir, 'other.sqlite')
      init(other, 'BACKUP')
      selftest(other, 20_000)
      const r = runCli(['--db', other, 'backup', 'create', '--out', join(dir, 'usb'), ...(encrypted ? ['--encrypt'] : [])], {
        env: { SGN_BACKUP_PASSPHRASE: RESTORE_PASS },
      })
      if (r.code !== 0) throw new Error(r.stderr)
    },
    beforeEach(dir) {
      const db = join(dir, 'office.sqlite')
      for (const f of readdirSync(dir)) if (f.startsWith('office.sqlite')) rmSync(join(dir, f), { force: true })
      // A checkpointed copy (runCli closed the database cleanly) so the pristine file stands alone.
      copyFileSync(join(dir, 'pristine.sqlite'), db)
    },
    args: (dir) => [
      '--db',
      join(dir, 'office.sqlite'),
      'backup',
      'restore',
      join(dir, 'usb', readdirSync(join(dir, 'usb'))[0]!),
      '--yes',
      '--confirm-office',
      'BACKUP',
    ],
    trigger: () => ({ kind: 'spawn' }),
    async check(dir, outcome) {
      // The decrypted backup and the half-made copies live in the private folder only, and go at the next start.
      const facts = await expectCleanNextStart(dir, ['pristine.sqlite', 'other.sqlite'], 'backup restore')
      // Either the whole old database or the whole backup: never a mix, never an empty file.
      const state = `${facts.office?.code}:${facts.counts.system_selftest}`
      expect(['CURRENT:30000', 'BACKUP:20000']).toContain(state)
      if (outcome.exitCode === 0) expect(state).toBe('BACKUP:20000')
      return state.startsWith('CURRENT') ? 'old kept' : 'restored'
    },
  }
}

const IMPORT_ROWS = 6_000

/** What a households import has left: households, and audit rows of imports. */
function registerState(db: string): { households: number; imports: number; householdAudits: number } {
  const raw = new Database(db, { readonly: true })
  try {
    const one = (q: string) => (raw.prepare(q).get() as { n: number }).n
    return {
      households: one('select count(*) as n from households'),
      imports: one("select count(*) as n from audit_log where entity = 'household_import'"),
      householdAudits: one("select count(*) as n from audit_log where entity = 'household'"),
    }
  } finally {
    raw.close()
  }
}

/** A large list imported in one transaction by the CLI, killed while it writes. */
const householdsImportSubject: KillSubject = {
  name: 'households import',
  trials: 12,
  env: tmpEnv(),
  setup(dir) {
    mkdirSync(systemTmp(dir))
    const pristine = join(dir, 'pristine.sqlite')
    init(pristine, '14563')
    const rows = [inlineRow(1, ['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập'])]
    for (let r = 2; r <= IMPORT_ROWS + 1; r++) {
      rows.push(
        inlineRow(r, [
          `Hộ Thử Nghiệm ${r}`,
          1970 + (r % 40),
          r % 2 ? 'Nam' : 'Nữ',
          `0370${String(r).padStart(8, '0')}`,
          `Thôn ${1 + (r % 9)}`,
          900_000 + (r % 7) * 150_000,
        ]),
      )
    }
    writeSheetXlsx(join(dir, 'danh-sach.xlsx'), rows.join(''))
  },
  beforeEach(dir) {
    for (const f of readdirSync(dir)) if (f.startsWith('office.sqlite')) rmSync(join(dir, f), { force: true })
    copyFileSync(join(dir, 'pristine.sqlite'), join(dir, 'office.sqlite'))
  },
  args: (dir) => ['--db', join(dir, 'office.sqlite'), 'households', 'import', join(dir, 'danh-sach.xlsx')],
  trigger: (dir) => ({ kind: 'fileGrows', path: join(dir, 'office.sqlite-wal'), bytes: 64 * 1024 }),
  async check(dir, outcome) {
    const db = join(dir, 'office.sqlite')
    // ExcelJS copies the worksheet to a temporary file while it reads: never left behind.
    await expectCleanNextStart(dir, ['pristine.sqlite'], 'households import')
    const s = registerState(db)
    // All or none: no household, or every row with its audit row and the import's own audit row.
    if (s.households === 0) {
      expect(s, 'nothing of the import is left').toEqual({ households: 0, imports: 0, householdAudits: 0 })
      expect(/imported \d+/.test(outcome.stdout), 'no summary line printed for a rolled-back import').toBe(false)
      return 'rolled back'
    }
    expect(s).toEqual({ households: IMPORT_ROWS, imports: 1, householdAudits: IMPORT_ROWS })
    return 'committed'
  },
}

const XLS_ROWS = 6_000

/**
 * A legacy .xls list: the CLI converts it to a temporary .xlsx (the list's personal data) before
 * importing. Killed at any moment: all or none of the import, and the copy never outlives the next
 * start nor appears in the system temp folder.
 */
const householdsImportXlsSubject: KillSubject = {
  name: 'households import (.xls, converted copy)',
  trials: 10,
  env: tmpEnv(),
  setup(dir) {
    mkdirSync(systemTmp(dir))
    init(join(dir, 'pristine.sqlite'), '14563')
    const rows: (string | number)[][] = [['Họ và tên chủ hộ', 'Năm sinh', 'Giới tính', 'Số CCCD', 'Thôn', 'Thu nhập']]
    for (let r = 2; r <= XLS_ROWS + 1; r++) {
      rows.push([
        `Hộ Thử Nghiệm ${r}`,
        1970 + (r % 40),
        r % 2 ? 'Nam' : 'Nữ',
        `0370${String(r).padStart(8, '0')}`,
        `Thôn ${1 + (r % 9)}`,
        900_000,
      ])
    }
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Danh sách')
    writeFileSync(join(dir, 'danh-sach.xls'), XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer)
  },
  beforeEach(dir) {
    for (const f of readdirSync(dir)) if (f.startsWith('office.sqlite')) rmSync(join(dir, f), { force: true })
    copyFileSync(join(dir, 'pristine.sqlite'), join(dir, 'office.sqlite'))
  },
  args: (dir) => ['--db', join(dir, 'office.sqlite'), 'households', 'import', join(dir, 'danh-sach.xls')],
  trigger: () => ({ kind: 'spawn' }),
  async check(dir) {
    const copies = filesUnder(dir).filter((p) => p.includes('.sgn-tam') && p.endsWith('.xlsx')).length
    await expectCleanNextStart(dir, ['pristine.sqlite'], 'households import (.xls)')
    const s = registerState(join(dir, 'office.sqlite'))
    expect([0, XLS_ROWS]).toContain(s.households)
    return `${s.households ? 'committed' : 'rolled back'}${copies ? ', copy left then swept' : ''}`
  },
}

const KEY_ENV = { SGN_KILL_PASS: 'mật khẩu khóa của xã 2026' }

/**
 * A package export from the CLI, killed at random: the office's database must stay sound, and any
 * file in the export folder under a final package name must be a complete package that verifies
 * against the office's certificate (an interrupted write leaves only a hidden `.partial`). The
 * encrypted variant (the office registered the province's certificate, issue 18) must also open
 * completely at the province, with the province's key.
 */
function packageExportSubject(encrypted: boolean): KillSubject {
  return {
    name: encrypted ? 'package export (encrypted to the province)' : 'package export',
    trials: encrypted ? 8 : 12,
    env: KEY_ENV,
    setup(dir) {
      const db = join(dir, 'office.sqlite')
      init(db, '14563')
      const steps: [string, string[]][] = [
        [db, ['keys', 'create', '--passphrase-env', 'SGN_KILL_PASS']],
        [db, ['keys', 'export-cert', join(dir, 'office.pem')]],
        [db, ['demo-data', '--households', '3000', '--seed', '5']],
      ]
      if (encrypted) {
        const province = join(dir, 'province.sqlite')
        init(province, 'SO37', 'province')
        steps.push(
          [province, ['keys', 'create', '--passphrase-env', 'SGN_KILL_PASS']],
          [province, ['keys', 'export-cert', join(dir, 'province.pem')]],
          [province, ['trust', 'add', join(dir, 'office.pem')]],
          [db, ['trust', 'add', join(dir, 'province.pem')]],
        )
      }
      for (const [target, args] of steps) {
        const r = runCli(['--db', target, ...args], { env: KEY_ENV })
        if (r.code !== 0) throw new Error(r.stderr)
      }
    },
    beforeEach(dir) {
      // The USB stick, empty before each export.
      rmSync(join(dir, 'usb'), { recursive: true, force: true })
      mkdirSync(join(dir, 'usb'))
    },
    args: (dir) => [
      '--db',
      join(dir, 'office.sqlite'),
      'package',
      'export',
      '--period',
      '2026',
      '--out',
      join(dir, 'usb'),
      '--passphrase-env',
      'SGN_KILL_PASS',
      '--reports',
      'none',
    ],
    trigger: () => ({ kind: 'spawn' }),
    async check(dir) {
      await expectSoundDatabase(join(dir, 'office.sqlite'), 'package export')
      const usb = join(dir, 'usb')
      const names = existsSync(usb) ? readdirSync(usb) : []
      for (const n of names) {
        if (n.endsWith('.partial')) continue
        // The check runs in this process (the command under test is the killed one, not this).
        const r = await cliInProcess([
          '--db',
          join(dir, 'verify.sqlite'),
          'package',
          'verify',
          join(usb, n),
          '--trust',
          join(dir, 'office.pem'),
        ])
        expect(r.code, `${n} under its final name must verify: ${r.stdout}${r.stderr}`).toBe(0)
        if (encrypted) {
          const opened = await cliInProcess(
            ['--db', join(dir, 'province.sqlite'), 'package', 'verify', join(usb, n), '--passphrase-env', 'SGN_KILL_PASS'],
            {
              env: KEY_ENV,
            },
          )
          expect(opened.code, `${n} must open at the province: ${opened.stdout}${opened.stderr}`).toBe(0)
        }
      }
      return names.some((n) => !n.endsWith('.partial')) ? 'package written' : 'no package'
    },
  }
}

/**
 * The province imports a package encrypted to it (issue 18), killed at random: the command decrypts
 * each table into a staging file in the private folder, then writes the register in one
 * transaction. Afterwards the register holds all of the package or none of it, and nothing
 * decrypted is left anywhere once the next start has run (the staging file included).
 */
const packageImportEncryptedSubject: KillSubject = {
  name: 'package import (encrypted package, at the province)',
  trials: 10,
  env: tmpEnv(KEY_ENV),
  setup(dir) {
    mkdirSync(systemTmp(dir))
    const sender = join(dir, 'sender.sqlite')
    const pristine = join(dir, 'pristine.sqlite')
    init(sender, '14563')
    init(pristine, 'SO37', 'province')
    mkdirSync(join(dir, 'usb'))
    for (const [db, args] of [
      [sender, ['keys', 'create', '--passphrase-env', 'SGN_KILL_PASS']],
      [sender, ['keys', 'export-cert', join(dir, 'office.pem')]],
      [sender, ['demo-data', '--households', '3000', '--seed', '5']],
      [pristine, ['keys', 'create', '--passphrase-env', 'SGN_KILL_PASS']],
      [pristine, ['keys', 'export-cert', join(dir, 'province.pem')]],
      [pristine, ['trust', 'add', join(dir, 'office.pem')]],
      [sender, ['trust', 'add', join(dir, 'province.pem')]],
      [
        sender,
        ['package', 'export', '--period', '2026', '--out', join(dir, 'usb'), '--passphrase-env', 'SGN_KILL_PASS', '--reports', 'none'],
      ],
    ] as const) {
      const r = runCli(['--db', db, ...args], { env: { ...KEY_ENV, TMPDIR: systemTmp(dir) } })
      if (r.code !== 0) throw new Error(r.stderr)
    }
  },
  beforeEach(dir) {
    for (const f of readdirSync(dir)) if (f.startsWith('office.sqlite')) rmSync(join(dir, f), { force: true })
    copyFileSync(join(dir, 'pristine.sqlite'), join(dir, 'office.sqlite'))
  },
  args: (dir) => {
    const pkg = readdirSync(join(dir, 'usb')).find((n) => n.endsWith('.zip'))!
    return ['--db', join(dir, 'office.sqlite'), 'package', 'import', join(dir, 'usb', pkg), '--passphrase-env', 'SGN_KILL_PASS']
  },
  trigger: () => ({ kind: 'spawn' }),
  async check(dir) {
    await expectCleanNextStart(dir, ['pristine.sqlite', 'sender.sqlite'], 'package import (encrypted)')
    const raw = new Database(join(dir, 'office.sqlite'), { readonly: true })
    try {
      const one = (q: string) => (raw.prepare(q).get() as { n: number }).n
      const state = {
        households: one('select count(*) as n from households'),
        received: one('select count(*) as n from packages_received'),
      }
      if (state.received === 0) {
        expect(state, 'nothing of the package is left').toEqual({ households: 0, received: 0 })
        return 'rolled back'
      }
      expect(state).toEqual({ households: 3000, received: 1 })
      return 'imported'
    } finally {
      raw.close()
    }
  },
}

/**
 * The subjects in four groups of about the same length (measured on 2 cores), one test file each,
 * so the two reliability workers share the suite evenly. A new subject goes into one of them.
 */
export const KILL_SUBJECT_GROUPS = {
  packageExport: [packageExportSubject(false), packageExportSubject(true)],
  packageImportAndXls: [packageImportEncryptedSubject, householdsImportXlsSubject],
  householdsImport: [householdsImportSubject],
  backupsAndWrites: [
    selftestSubject('selftest-write (kill after the in-transaction progress marker)', 12, () => ({
      kind: 'stdout',
      marker: /PROGRESS selftest-write 0\//,
    })),
    selftestSubject('selftest-write (kill once the WAL grows)', 8, (dir) => ({
      kind: 'fileGrows',
      path: join(dir, 'office.sqlite-wal'),
      bytes: 256 * 1024,
    })),
    backupCreateSubject,
    backupRestoreSubject(false),
    backupRestoreSubject(true),
  ],
} satisfies Record<string, KillSubject[]>
