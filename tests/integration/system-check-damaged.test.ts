import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckReportSchema } from '@shared/contract/system'
import { runCli } from '../../electron/cli/run'
import { closeContext, createContext } from '../../electron/main/app-context'
import { checkDatabase } from '../../electron/main/services/system/check'
import { officeWithVillages } from '../helpers/households'
import { CLI_BIN } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

/** A real office database, closed and checkpointed (one file), at `dir/so.sqlite`. */
async function officeDb(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'so.sqlite')
  const ctx = await createContext({ dbPath: path })
  await officeWithVillages(ctx)
  ctx.store.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  await closeContext(ctx)
  return path
}

function overwrite(path: string, at: number, length: number): void {
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, at)
  closeSync(fd)
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = []
  const code = await runCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, stdin: async () => '' })
  return { code, out: lines.join('\n') }
}

describe('`check` on a damaged database', () => {
  it('says the foreign keys could not be checked, never "tốt", and exits 1', async () => {
    const dir = tempDir()
    // A page in the middle overwritten (a bad sector): readable, integrity_check lists the damage.
    const middle = await officeDb(join(dir, 'a'))
    overwrite(middle, Math.floor(statSync(middle).size / 4096 / 2) * 4096, 4096)
    // The schema page overwritten: nothing can be read at all.
    const schema = await officeDb(join(dir, 'b'))
    overwrite(schema, 100, 4096 - 100)
    for (const db of [middle, schema]) {
      const report = checkDatabase(db)
      expect(report.ok).toBe(false)
      expect(report.integrity.length).toBeGreaterThan(0)
      expect(report.foreignKeys).toBeNull()
      // What the router answers (system.check) fits its declared output.
      expect(() => CheckReportSchema.parse({ ...report, counts: report.facts.counts })).not.toThrow()

      const text = await cli(['--db', db, 'check'])
      expect(text.code).toBe(1)
      expect(text.out).toMatch(/Toàn vẹn: LỖI/)
      expect(text.out).toMatch(/Khóa ngoại: KHÔNG KIỂM TRA ĐƯỢC \(cơ sở dữ liệu bị hỏng\)/)
      expect(text.out).not.toMatch(/Khóa ngoại: tốt/)
      const json = await cli(['--db', db, 'check', '--json'])
      expect(JSON.parse(json.out)).toMatchObject({ ok: false, foreignKeys: null })
    }
    expect(checkDatabase(schema).integrity[0]).toMatch(/Không đọc được/)
    expect(checkDatabase(middle).integrity[0]).not.toMatch(/Không đọc được/)
  })

  it('a sound database still reports "tốt" with a count of 0', async () => {
    const db = await officeDb(tempDir())
    expect(checkDatabase(db)).toMatchObject({ ok: true, integrity: [], foreignKeys: 0 })
    expect((await cli(['--db', db, 'check'])).out).toMatch(/Khóa ngoại: tốt/)
  })
})

describe('the built command with a reader that stops early', () => {
  it('`check | head -1` and a pipe closed before the first line: no EPIPE trace, the command’s own exit code', async () => {
    const db = await officeDb(tempDir())
    for (const reader of ['head -1', 'head -c0']) {
      const r = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" "${CLI_BIN}" --db "${db}" check | ${reader} >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      )
      expect(r.stderr, reader).toBe('exit=0\n')
    }
  })
})
