import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

async function init(db: string, code: string): Promise<void> {
  expect(
    (await cliInProcess(['--db', db, 'init', '--office-code', code, '--office-name', 'UBND xã Tân Thành', '--province-code', '37'])).code,
  ).toBe(0)
}

describe('so-giam-ngheo backup / check', () => {
  it('backup create, restore preview (changes nothing), restore --yes (keeps the old file aside), check', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    await init(db, '14563')
    const usb = join(dir, 'usb')
    const env = { SGN_BACKUP_PASSPHRASE: 'mật khẩu đủ dài' }
    const created = await cliInProcess(['--db', db, 'backup', 'create', '--out', usb, '--encrypt'], { env })
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    const [file] = readdirSync(usb)
    expect(file).toMatch(/^sgn-14563-\d{8}-\d{6}-\d{3}Z\.sgnbak$/)

    const other = join(dir, 'other.sqlite')
    await init(other, 'KHAC')
    const before = readFileSync(other)
    const preview = await cliInProcess(['--db', other, 'backup', 'restore', join(usb, file!)], { env })
    expect(preview.code).toBe(0)
    expect(preview.stdout).toMatch(/Đơn vị: UBND xã Tân Thành \(14563\)/)
    expect(preview.stdout).toMatch(/Chưa thay đổi gì/)
    expect(readFileSync(other).equals(before)).toBe(true)

    const wrong = await cliInProcess(['--db', other, 'backup', 'restore', join(usb, file!), '--yes', '--passphrase-stdin'], {
      input: 'sai mật khẩu\n',
    })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/Sai mật khẩu/)

    // Another office's backup (14563 over KHAC): the admin names the office it brings (system-restore-guards.test.ts).
    const done = await cliInProcess(['--db', other, 'backup', 'restore', join(usb, file!), '--yes', '--confirm-office', '14563'], { env })
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(/được giữ ở .*before-restore/)
    expect(JSON.parse((await cliInProcess(['--db', other, 'info', '--json'])).stdout).office.code).toBe('14563')

    const check = await cliInProcess(['--db', other, 'check', '--json'])
    expect(check.code).toBe(0)
    const report = JSON.parse(check.stdout)
    expect(report).toMatchObject({ ok: true, integrity: [], schemaState: 'current' })
    expect(report.keptCopies.some((c: string) => c.includes('before-restore'))).toBe(true)
  })

  it('check exits 1 on a damaged database and says where; bad usage exits 2', async () => {
    const dir = tempDir()
    const db = join(dir, 'office.sqlite')
    await init(db, '14563')
    expect((await cliInProcess(['--db', db, 'selftest-write', '--rows', '5000'])).code).toBe(0)
    const raw = new Database(db)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    const bytes = readFileSync(db)
    bytes.fill(0x5a, 4096 * 3, 4096 * 6)
    writeFileSync(db, bytes)
    const r = await cliInProcess(['--db', db, 'check'])
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).toMatch(/LỖI|hỏng|Lỗi/)
    expect((await cliInProcess(['--db', db, 'backup', 'create'])).code).toBe(2)
    expect((await cliInProcess(['--db', db, 'backup', 'create', '--out', dir, '--keep', '0'])).code).toBe(2)
    expect((await cliInProcess(['--db', db, 'selftest-write'])).code).toBe(2)
  })
})
