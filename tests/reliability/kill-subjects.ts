import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { extractBackupFile } from '../../electron/main/services/system/backup-format'
import { runCli } from '../helpers/cli'
import { inlineRow, writeSheetXlsx } from '../helpers/zip'
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
 *     only `.partial` files may be incomplete. Use writeFileAtomic from services/system/atomic-file.ts.
 */
export interface KillSubject {
  name: string
  /** Kill points to try (after one uninterrupted calibration run). */
  trials: number
  env?: NodeJS.ProcessEnv
  setup(dir: string): void | Promise<void>
  /** Runs before every trial (after setup and after the calibration run); e.g. puts the old database back. */
  beforeEach?(dir: string): void
  args(dir: string, trial: number): string[]
  trigger(dir: string): KillTrigger
  /** Fails the test when the state after the trial is not acceptable. Returns a label for the tally. */
  check(dir: string, outcome: TrialOutcome): Promise<string>
}

const OFFICE = ['--office-name', 'UBND xã Tân Thành', '--province-code', '37']

function init(db: string, code: string): void {
  const r = runCli(['--db', db, 'init', '--office-code', code, ...OFFICE])
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
  env: { SGN_BACKUP_PASSPHRASE: 'mật khẩu thử nghiệm' },
  setup(dir) {
    const db = join(dir, 'office.sqlite')
    init(db, '14563')
    selftest(db, 30_000)
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
    await expectSoundDatabase(join(dir, 'office.sqlite'), 'backup create')
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

const backupRestoreSubject: KillSubject = {
  name: 'backup restore',
  trials: 10,
  setup(dir) {
    const current = join(dir, 'office.sqlite')
    init(current, 'CURRENT')
    selftest(current, 30_000)
    copyFileSync(current, join(dir, 'pristine.sqlite'))
    const other = join(dir, 'other.sqlite')
    init(other, 'BACKUP')
    selftest(other, 20_000)
    const r = runCli(['--db', other, 'backup', 'create', '--out', join(dir, 'usb')])
    if (r.code !== 0) throw new Error(r.stderr)
  },
  beforeEach(dir) {
    const db = join(dir, 'office.sqlite')
    for (const f of readdirSync(dir)) if (f.startsWith('office.sqlite')) rmSync(join(dir, f), { force: true })
    // A checkpointed copy (runCli closed the database cleanly) so the pristine file stands alone.
    copyFileSync(join(dir, 'pristine.sqlite'), db)
  },
  args: (dir) => ['--db', join(dir, 'office.sqlite'), 'backup', 'restore', join(dir, 'usb', readdirSync(join(dir, 'usb'))[0]!), '--yes'],
  trigger: () => ({ kind: 'spawn' }),
  async check(dir, outcome) {
    const facts = await expectSoundDatabase(join(dir, 'office.sqlite'), 'backup restore')
    // Either the whole old database or the whole backup: never a mix, never an empty file.
    const state = `${facts.office?.code}:${facts.counts.system_selftest}`
    expect(['CURRENT:30000', 'BACKUP:20000']).toContain(state)
    if (outcome.exitCode === 0) expect(state).toBe('BACKUP:20000')
    return state.startsWith('CURRENT') ? 'old kept' : 'restored'
  },
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
  trials: 20,
  setup(dir) {
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
    await expectSoundDatabase(db, 'households import')
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

const KEY_ENV = { SGN_KILL_PASS: 'mật khẩu khóa của xã 2026' }

/**
 * A package export from the CLI, killed at random: the office's database must stay sound, and any
 * file in the export folder under a final package name must be a complete package that verifies
 * against the office's certificate (an interrupted write leaves only a hidden `.partial`).
 */
const packageExportSubject: KillSubject = {
  name: 'package export',
  trials: 20,
  env: KEY_ENV,
  setup(dir) {
    const db = join(dir, 'office.sqlite')
    init(db, '14563')
    for (const args of [
      ['keys', 'create', '--passphrase-env', 'SGN_KILL_PASS'],
      ['keys', 'export-cert', join(dir, 'office.pem')],
      ['demo-data', '--households', '3000', '--seed', '5'],
    ]) {
      const r = runCli(['--db', db, ...args], { env: KEY_ENV })
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
      const r = runCli(['--db', join(dir, 'verify.sqlite'), 'package', 'verify', join(usb, n), '--trust', join(dir, 'office.pem')])
      expect(r.code, `${n} under its final name must verify: ${r.stdout}${r.stderr}`).toBe(0)
    }
    return names.some((n) => !n.endsWith('.partial')) ? 'package written' : 'no package'
  },
}

export const KILL_SUBJECTS: KillSubject[] = [
  householdsImportSubject,
  packageExportSubject,
  selftestSubject('selftest-write (kill after the in-transaction progress marker)', 20, () => ({
    kind: 'stdout',
    marker: /PROGRESS selftest-write 0\//,
  })),
  selftestSubject('selftest-write (kill once the WAL grows)', 8, (dir) => ({
    kind: 'fileGrows',
    path: join(dir, 'office.sqlite-wal'),
    bytes: 256 * 1024,
  })),
  backupCreateSubject,
  backupRestoreSubject,
]
