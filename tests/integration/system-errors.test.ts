import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { reasonOf, systemErrorMessage } from '../../electron/main/store/errors'
import { CLI_BIN, runCli } from '../helpers/cli'
import { fileDigest } from '../helpers/db-digest'
import { LIST_HEADER, listRow, writeListWithOpenpyxl } from '../helpers/openpyxl-list'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'

/**
 * Class "silent or raw answers", the system's refusals: a database another program is writing, a
 * full database or disk, a folder that cannot be written. Each reaches the clerk in Vietnamese,
 * from the router and from the command line (exit 1), never as SQLite's or Node's English, and
 * nothing is written. The classification is one function (store/errors.ts).
 */
const RAW = /database is locked|disk is full|SQLITE_|ENOSPC|EACCES|EROFS|ENOENT|permission denied|no such file|Error:|\n\s+at /

/** Holds the database's write lock from another connection, as another program would, while `run` runs. */
async function whileLocked<T>(dbPath: string, run: () => T | Promise<T>): Promise<T> {
  const other = new Database(dbPath)
  other.exec('begin immediate')
  try {
    return await run()
  } finally {
    other.exec('rollback')
    other.close()
  }
}

describe('locked, full and read-only are said in Vietnamese, and change nothing', () => {
  it('command line: an import into a database another program is writing exits 1 saying so (before: "Lỗi: database is locked")', async () => {
    const dir = tempDir()
    const db = join(dir, 'xa.sqlite')
    expect(runCli(['--db', db, 'init', '--office-code', '14563', '--office-name', 'UBND xã Mẫu Sơn', '--province-code', '20']).code).toBe(0)
    const file = join(dir, 'ds.xlsx')
    writeListWithOpenpyxl(file, { rows: [LIST_HEADER, listRow(1, 'Lò Văn Páo')] })
    const before = fileDigest(db)
    const r = await whileLocked(db, () => runCli(['--db', db, 'households', 'import', file]))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^Cơ sở dữ liệu đang được một chương trình khác ghi .* Chưa có gì thay đổi/m)
    expect(r.stdout + r.stderr).not.toMatch(RAW)
    expect(fileDigest(db)).toEqual(before)
  })

  it('router: the same, and a full database, instead of "an unexpected error"', async () => {
    const ctx = await tempContext()
    const api = await signedInRouter(ctx, 'admin')
    const agency = (n: number) => ({
      name: `Hội Nông dân thôn ${n}`,
      kind: 'other' as const,
      address: 'Thôn Đồng Tâm, xã Mẫu Sơn, '.repeat(10),
    })

    const before = fileDigest(ctx.store.path)
    const locked = await whileLocked(ctx.store.path, () => api.invoke('agencies.create', agency(0)))
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/^Cơ sở dữ liệu đang được một chương trình khác ghi/) },
    })
    expect(fileDigest(ctx.store.path)).toEqual(before)

    // A disk that fills up: SQLite refuses a new page (SQLITE_FULL), the same as on a full disk.
    const pages = ctx.store.sqlite.pragma('page_count', { simple: true }) as number
    ctx.store.sqlite.pragma(`max_page_count = ${pages}`)
    let answer: Awaited<ReturnType<typeof api.invoke>> = { ok: true, data: null }
    for (let n = 1; n <= 500 && answer.ok; n++) answer = await api.invoke('agencies.create', agency(n))
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/^Ổ đĩa đã đầy, không ghi được\. Chưa có gì thay đổi/) },
    })
    expect(JSON.stringify(answer)).not.toMatch(RAW)
  })

  it('command line: a backup into a folder that cannot be made ends at once with a Vietnamese reason (before: /proc never ended, /sys said "EACCES")', () => {
    const dir = tempDir()
    const db = join(dir, 'xa.sqlite')
    expect(runCli(['--db', db, 'init', '--office-code', '14563', '--office-name', 'UBND xã Mẫu Sơn', '--province-code', '20']).code).toBe(0)
    const before = fileDigest(db)
    for (const [out, reason] of [
      // Node's recursive mkdir retried this folder forever at full CPU.
      [`/proc/sgn-${process.pid}`, /Không tìm thấy \/proc\/sgn-\d+/],
      [`/sys/sgn-${process.pid}/sao-luu`, /không có quyền truy cập \/sys\/sgn-\d+|chỉ đọc/],
    ] as const) {
      const r = spawnSync(process.execPath, [CLI_BIN, '--db', db, 'backup', 'create', '--out', out], {
        encoding: 'utf8',
        timeout: 30_000,
        killSignal: 'SIGKILL',
      })
      expect(r.status, `${out}: ${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(reason)
      expect(r.stdout + r.stderr).not.toMatch(RAW)
    }
    expect(fileDigest(db)).toEqual(before)
  })

  it("Node's and SQLite's own errors, as thrown, become a reason a clerk can act on", () => {
    const dir = tempDir()
    const thrown = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e
      }
      throw new Error('did not throw')
    }
    const full = thrown(() => writeFileSync('/dev/full', 'x'))
    expect(systemErrorMessage(full)).toMatch(/^Ổ đĩa đã đầy, không ghi được\. Chưa có gì thay đổi/)
    const missing = thrown(() => writeFileSync(join(dir, 'khong-co', 'a.xlsx'), 'x'))
    expect(reasonOf(missing)).toMatch(/^Không tìm thấy .*khong-co/)
    const readOnly = new Database(join(dir, 'a.sqlite'))
    readOnly.exec('create table t (x)')
    readOnly.close()
    const ro = new Database(join(dir, 'a.sqlite'), { readonly: true })
    expect(reasonOf(thrown(() => ro.exec('insert into t values (1)')))).toMatch(/chế độ chỉ đọc/)
    ro.close()
    // Wrapped errors keep their cause; the program's own messages pass as they are; the rest is named unexpected.
    expect(reasonOf(new Error('Không ghi được gói', { cause: full }))).toMatch(/^Ổ đĩa đã đầy/)
    expect(reasonOf(new Error('Tệp không phải là tệp khóa PKCS#12 hợp lệ.'))).toBe('Tệp không phải là tệp khóa PKCS#12 hợp lệ.')
    expect(reasonOf(new TypeError('x is not a function'))).toMatch(
      /^Đã xảy ra lỗi không mong đợi \(chi tiết kỹ thuật: x is not a function\)/,
    )
  })
})
