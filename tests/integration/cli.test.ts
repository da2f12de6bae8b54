import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cliInProcess, runCli } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

describe('so-giam-ngheo CLI', () => {
  it('init then info work on a new file', async () => {
    const db = join(tempDir(), 'office.sqlite')
    const init = await cliInProcess([
      '--db',
      db,
      'init',
      '--office-code',
      '14563',
      '--office-name',
      'UBND xã Tân Thành',
      '--province-code',
      '37',
    ])
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    expect(init.stdout).toContain('UBND xã Tân Thành')

    const info = await cliInProcess(['--db', db, 'info', '--json'])
    expect(info.code).toBe(0)
    const parsed = JSON.parse(info.stdout)
    expect(parsed).toMatchObject({
      office: { code: '14563', name: 'UBND xã Tân Thành', provinceCode: '37', mode: 'office' },
      households: 0,
    })
    expect(parsed.schemaVersion).toBeGreaterThan(0)

    const text = await cliInProcess([`--db=${db}`, 'info'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/Đơn vị: UBND xã Tân Thành \(14563\)/)
  })

  it('takes --mode province', async () => {
    const db = join(tempDir(), 'province.sqlite')
    expect(
      (
        await cliInProcess([
          '--db',
          db,
          'init',
          '--office-code',
          'SO37',
          '--office-name',
          'Sở NN&MT',
          '--province-code',
          '37',
          '--mode',
          'province',
        ])
      ).code,
    ).toBe(0)
    expect(JSON.parse((await cliInProcess(['--db', db, 'info', '--json'])).stdout).office.mode).toBe('province')
  })

  // The exit codes come from the CLI's entry (`runCli(argv, io)`); the built command passes them to
  // the process, checked once for each code with a real process.
  it('exits 2 on bad usage, with the usage line on stderr', async () => {
    const db = join(tempDir(), 'x.sqlite')
    for (const args of [
      [],
      ['frobnicate'],
      ['init', '--office-code'],
      ['init', '--bogus', '1'],
      ['init', '--office-code', 'A', '--office-name', 'B', '--province-code', '37', '--mode', 'district'],
      ['--db'],
    ]) {
      const r = await cliInProcess(args[0] === '--db' || args.length === 0 ? args : ['--db', db, ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr + r.stdout).toMatch(/Cách dùng|Thiếu/)
    }
    const built = runCli(['--db', db, 'frobnicate'])
    expect(built.code).toBe(2)
    expect(built.stderr + built.stdout).toMatch(/Cách dùng/)
    expect(existsSync(db)).toBe(false)
  })

  it('exits 1 with a plain message on failure, and creates no file for a bad value', async () => {
    const dir = tempDir()
    const bad = await cliInProcess([
      '--db',
      join(dir, 'bad.sqlite'),
      'init',
      '--office-code',
      'A1',
      '--office-name',
      'B',
      '--province-code',
      '3',
    ])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/Mã tỉnh gồm đúng 2 chữ số/)
    expect(existsSync(join(dir, 'bad.sqlite'))).toBe(false)

    const missing = runCli(['--db', join(dir, 'missing.sqlite'), 'info'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/Không có cơ sở dữ liệu/)

    const db = join(dir, 'twice.sqlite')
    await cliInProcess(['--db', db, 'init', '--office-code', 'A1', '--office-name', 'B', '--province-code', '37'])
    const again = await cliInProcess(['--db', db, 'init', '--office-code', 'A1', '--office-name', 'B', '--province-code', '37'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/đã được thiết lập/)
  })

  it('refuses a database from a newer version and leaves it byte-identical', async () => {
    const db = join(tempDir(), 'newer.sqlite')
    await cliInProcess(['--db', db, 'init', '--office-code', 'A1', '--office-name', 'B', '--province-code', '37'])
    const raw = new Database(db)
    raw.pragma('journal_mode = DELETE')
    raw.pragma('user_version = 999')
    raw.close()
    const before = readFileSync(db)
    const r = await cliInProcess(['--db', db, 'info'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/phiên bản mới hơn/)
    expect(readFileSync(db).equals(before)).toBe(true)
  })
})

describe('so-giam-ngheo users', () => {
  it('recovers a forgotten admin password from this PC, taking the password from the environment', async () => {
    const db = join(tempDir(), 'office.sqlite')
    await cliInProcess(['--db', db, 'init', '--office-code', 'A1', '--office-name', 'B', '--province-code', '37'])
    const add = await cliInProcess(
      ['--db', db, 'users', 'add', '--username', 'quantri', '--name', 'Quản Trị', '--role', 'admin', '--password-env', 'PW'],
      {
        env: { PW: 'mat-khau-cu-1' },
      },
    )
    expect(add.code).toBe(0)
    expect(
      (await cliInProcess(['--db', db, 'users', 'add', '--username', 'x', '--name', 'X', '--role', 'admin', '--password', 'plain'])).code,
    ).toBe(2)
    const reset = await cliInProcess(['--db', db, 'users', 'reset-password', '--username', 'quantri', '--password-env', 'PW'], {
      env: { PW: 'mat-khau-moi-1' },
    })
    expect(reset.code).toBe(0)
    const hash = new Database(db, { readonly: true }).prepare("select password_hash from users where username = 'quantri'").get() as {
      password_hash: string
    }
    expect(hash.password_hash).toMatch(/^scrypt\$/)
    expect(hash.password_hash).not.toContain('mat-khau-moi-1')
    const listed = JSON.parse((await cliInProcess(['--db', db, 'users', 'list', '--json'])).stdout)
    expect(listed).toMatchObject([{ username: 'quantri', role: 'admin', active: true }])
    expect(
      (
        await cliInProcess(['--db', db, 'users', 'reset-password', '--username', 'khong-co', '--password-env', 'PW'], {
          env: { PW: 'mat-khau-moi-2' },
        })
      ).code,
    ).toBe(1)
  })
})
