// The maintenance commands: they work on the register's file itself, without the router, because
// they must run when the register cannot be opened (restore, check) or test the machine itself.
import { existsSync } from 'node:fs'
import { closeContext, createContext } from '../../main/app-context'
import { BackupFileError } from '../../main/services/system/backup-format'
import { recordRestore } from '../../main/services/system/backup-service'
import { checkDatabase } from '../../main/services/system/check'
import type { DbFacts } from '../../main/services/system/db-facts'
import SqliteDatabase from 'better-sqlite3'
import { inspectBackup, RestoreRefusedError, restoreDatabase } from '../../main/services/system/restore'
import { officeMismatch } from '../../main/services/system/restore-office'
import { readFacts } from '../../main/services/system/db-facts'
import { selftestWrite } from '../../main/services/system/selftest'
import { UsageError, type CliIO, type Command } from '../command'

/** The env variable that carries a backup passphrase (a command-line argument would show in `ps`). */
export const PASSPHRASE_ENV = 'SGN_BACKUP_PASSPHRASE'

export async function passphrase(values: Record<string, unknown>, io: CliIO): Promise<string | null> {
  if (values['passphrase-stdin']) {
    const text = (await io.stdin()).replace(/\r?\n$/, '')
    if (!text) throw new UsageError('Không đọc được mật khẩu từ đầu vào chuẩn')
    return text
  }
  return io.env[PASSPHRASE_ENV] || null
}

function describe(facts: DbFacts): string[] {
  const lines = [
    `  Đơn vị: ${facts.office ? `${facts.office.name} (${facts.office.code})` : 'chưa thiết lập'}`,
    `  Lược đồ: ${facts.schemaVersion}`,
  ]
  for (const [table, n] of Object.entries(facts.counts)) lines.push(`  ${table}: ${n}`)
  return lines
}

function requireDb(dbPath: string, io: CliIO): boolean {
  if (existsSync(dbPath)) return true
  io.err(`Không có cơ sở dữ liệu ${dbPath}.`)
  return false
}

/** The office of the database at `dbPath`, read without opening it for writing (null when there is none, or it cannot be read). */
function currentOffice(dbPath: string): DbFacts['office'] {
  if (!existsSync(dbPath)) return null
  try {
    const handle = new SqliteDatabase(dbPath, { readonly: true, fileMustExist: true })
    try {
      return readFacts(handle).office
    } finally {
      handle.close()
    }
  } catch {
    return null
  }
}

const backupRestore: Command = {
  name: ['backup', 'restore'],
  usage: 'backup restore TỆP [--yes [--confirm-office MÃ]] [--passphrase-stdin]',
  summary:
    'Xem bản sao lưu chứa gì; với --yes thì khôi phục (giữ lại cơ sở dữ liệu hiện tại bên cạnh; bản của đơn vị khác cần --confirm-office)',
  options: { yes: { type: 'boolean' }, 'confirm-office': { type: 'string' }, 'passphrase-stdin': { type: 'boolean' } },
  channels: [],
  withoutRouter:
    'Khôi phục thay chính tệp sổ: phải chạy được khi sổ chưa có trên máy này hoặc hỏng, lúc không mở được sổ để có bộ định tuyến.',
  async run({ values, positionals, dbPath }, io) {
    const file = positionals[0]
    if (!file || positionals.length > 1) throw new UsageError('Cần đúng một tệp sao lưu')
    if (!existsSync(file)) {
      io.err(`Không có tệp ${file}.`)
      return 1
    }
    const secret = await passphrase(values, io)
    const confirmOfficeCode = values['confirm-office'] as string | undefined
    try {
      const preview = await inspectBackup(file, secret, dbPath)
      io.out(`Bản sao lưu tạo lúc ${preview.manifest.createdAt} (ứng dụng ${preview.manifest.appVersion}):`)
      for (const line of describe(preview.facts)) io.out(line)
      const mismatch = officeMismatch(currentOffice(dbPath), preview.facts.office)
      if (mismatch) io.out(`Chú ý: ${mismatch.message}`)
      if (!values.yes) {
        const confirm = mismatch ? ` --confirm-office ${mismatch.confirmCode}` : ''
        io.out(`Chưa thay đổi gì. Chạy lại với --yes${confirm} để thay ${dbPath} bằng bản sao lưu này.`)
        return 0
      }
      // restoreDatabase locks the file: it refuses while the app or another command has it open.
      const result = await restoreDatabase(dbPath, file, {
        passphrase: secret,
        now: () => new Date(),
        expectSha256: preview.sha256,
        confirmOfficeCode,
      })
      const ctx = await createContext({ dbPath })
      try {
        await recordRestore(ctx, result)
      } finally {
        await closeContext(ctx)
      }
      io.out(`Đã khôi phục vào ${dbPath}.`)
      if (result.keptAside) io.out(`Cơ sở dữ liệu trước đó được giữ ở ${result.keptAside}.`)
      return 0
    } catch (e) {
      if (e instanceof RestoreRefusedError && e.code === 'OTHER_OFFICE') {
        io.err(`${e.message} (Chạy lại với --yes --confirm-office MÃ_ĐƠN_VỊ.)`)
        return 1
      }
      if (e instanceof BackupFileError || e instanceof RestoreRefusedError) {
        io.err(e.message)
        return 1
      }
      throw e
    }
  },
}

const check: Command = {
  name: ['check'],
  usage: 'check [--json]',
  summary: 'Kiểm tra toàn vẹn (integrity_check, khóa ngoại) và lược đồ, không thay đổi gì',
  options: { json: { type: 'boolean' } },
  channels: [],
  withoutRouter: 'Kiểm tra phải đọc được cả sổ hỏng mà không mở để ghi hay nâng cấp lược đồ (mở sổ cho bộ định tuyến thì làm cả hai).',
  async run({ values, dbPath }, io) {
    if (!requireDb(dbPath, io)) return 1
    const report = checkDatabase(dbPath)
    if (values.json) {
      io.out(JSON.stringify(report, null, 2))
    } else {
      io.out(`Cơ sở dữ liệu: ${dbPath}`)
      io.out(`Toàn vẹn: ${report.integrity.length ? `LỖI — ${report.integrity.join('; ')}` : 'tốt'}`)
      const fk = report.foreignKeys
      io.out(
        `Khóa ngoại: ${fk === null ? 'KHÔNG KIỂM TRA ĐƯỢC (cơ sở dữ liệu bị hỏng)' : fk ? `${fk} dòng trỏ tới bản ghi không có` : 'tốt'}`,
      )
      const state = { current: 'mới nhất', older: 'cũ hơn, sẽ được nâng cấp khi mở', newer: 'MỚI HƠN ứng dụng này' }[report.schemaState]
      io.out(`Lược đồ: ${report.schemaVersion} (ứng dụng: ${report.appSchemaVersion}) — ${state}`)
      for (const line of describe(report.facts)) io.out(line)
      for (const copy of report.keptCopies) io.out(`Bản giữ lại: ${copy}`)
    }
    return report.ok ? 0 : 1
  },
}

const selftestWriteCommand: Command = {
  name: ['selftest-write'],
  usage: 'selftest-write --rows N',
  summary: 'Bảo trì: ghi N dòng thử trong một giao dịch (kiểm tra ghi toàn vẹn trên máy này; không đụng sổ hộ)',
  options: { rows: { type: 'string' } },
  channels: [],
  withoutRouter: 'Lệnh bảo trì thử khả năng ghi của máy (bộ kiểm tra độ tin cậy dùng); không phải một việc của cửa sổ và không đụng sổ hộ.',
  async run({ values, dbPath }, io) {
    const rows = Number(values.rows)
    if (!Number.isInteger(rows) || rows < 1 || rows > 10_000_000) throw new UsageError('--rows là số nguyên từ 1 đến 10000000')
    if (!requireDb(dbPath, io)) return 1
    const ctx = await createContext({ dbPath })
    try {
      // Progress lines are printed from inside the transaction: the reliability suite waits for them.
      const r = await selftestWrite(ctx, rows, (done) => io.out(`PROGRESS selftest-write ${done}/${rows}`))
      io.out(`COMMITTED selftest-write ${r.batchId} ${r.rows}`)
      return 0
    } finally {
      await closeContext(ctx)
    }
  },
}

/** Commands that work on the register's file itself, not through the router. */
export const maintenanceCommands: Command[] = [backupRestore, check, selftestWriteCommand]
