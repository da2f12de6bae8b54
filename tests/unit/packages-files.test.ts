import { spawnSync } from 'node:child_process'
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { saveFile, type WriteOps } from '../../electron/main/services/files/atomic-save'
import { removableCandidates } from '../../electron/main/export/package/drives'
import { readZip, unsafeName } from '../../electron/main/export/package/zip-reader'
import { writeZip } from '../../electron/main/export/package/zip-writer'
import { tempDir } from '../helpers/temp'

/** Real file operations that fail once `budget` bytes have been written, like a stick pulled out. */
function cutAfter(budget: number): WriteOps {
  let left = budget
  return {
    open: (p) => openSync(p, 'wx'),
    write: (fd, data, offset, length) => {
      if (left <= 0) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })
      const n = writeSync(fd, data, offset, Math.min(length, left))
      left -= n
      return n
    },
    fsync: (fd) => fsyncSync(fd),
    close: (fd) => closeSync(fd),
    rename: (a, b) => renameSync(a, b),
  }
}

describe('atomic write', () => {
  it('never leaves a file with the final name when the write is cut at any byte', () => {
    const dir = tempDir()
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7)
    for (const cut of [0, 1, 4096, 1024 * 1024, 2 * 1024 * 1024 + 5, data.length - 1]) {
      const path = join(dir, 'goi.zip')
      expect(() => saveFile(path, data, { ops: cutAfter(cut) })).toThrow(/Không lưu được tệp goi.zip: lỗi đọc\/ghi ổ đĩa chứa thư mục/)
      expect(readdirSync(dir), `cut at ${cut}`).toEqual([])
    }
    saveFile(join(dir, 'goi.zip'), data)
    expect(readFileSync(join(dir, 'goi.zip')).equals(data)).toBe(true)
    expect(() => saveFile(join(dir, 'goi.zip'), data)).toThrow(/không ghi đè/)
    expect(readdirSync(dir)).toEqual(['goi.zip'])
  })

  it('fails cleanly when the rename fails (no partial left behind)', () => {
    const dir = tempDir()
    const ops = {
      ...cutAfter(1e9),
      rename: () => {
        throw new Error('EXDEV')
      },
    }
    expect(() => saveFile(join(dir, 'x.zip'), Buffer.from('abc'), { ops })).toThrow(/EXDEV/)
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('zip writer and reader', () => {
  it('round-trips Vietnamese names that Linux unzip also reads correctly', () => {
    const dir = tempDir()
    const entries = [
      { name: 'bao-cao/Danh sách hộ nghèo.pdf', data: Buffer.from('%PDF') },
      { name: 'du-lieu/households.jsonl', data: Buffer.from('{"x":1}\n'.repeat(1000)) },
    ]
    const zip = writeZip(entries, new Date('2026-01-02T03:04:06Z'))
    const back = readZip(zip, { maxEntries: 10, maxEntryBytes: 1 << 20, maxTotalBytes: 1 << 20, strictLayout: false })
    expect(readZip(writeZip(entries, new Date(), { compress: false })).size).toBe(2)
    expect([...back.keys()]).toEqual(entries.map((e) => e.name))
    expect(back.get('du-lieu/households.jsonl')!.equals(entries[1]!.data)).toBe(true)
    const path = join(dir, 'a.zip')
    writeFileSync(path, zip)
    const listing = spawnSync('unzip', ['-Z1', path], { encoding: 'utf8' })
    expect(listing.stdout.split('\n')).toContain('bao-cao/Danh sách hộ nghèo.pdf')
    expect(spawnSync('unzip', ['-t', path], { encoding: 'utf8' }).status).toBe(0)
  })

  it('names unsafe entry names', () => {
    for (const bad of ['../x', 'a/../../x', '/x', 'C:x', 'a\\b', 'a//b', './a', 'a/', 'con\u0001trol', 'x:y', 'trailing.']) {
      expect(unsafeName(bad), bad).not.toBeNull()
    }
    for (const ok of ['manifest.json', 'bao-cao/Tổng hợp 2026-H1.xlsx', 'du-lieu/households.jsonl']) expect(unsafeName(ok), ok).toBeNull()
  })
})

describe('removable drives offered first', () => {
  it('lists drive letters that exist on Windows and mounted sticks on Linux', () => {
    expect(
      removableCandidates(
        'win32',
        'u',
        () => [],
        (p) => p === 'E:\\' || p === 'C:\\',
      ),
    ).toEqual(['E:\\'])
    const mounts: Record<string, string[]> = { '/media/thu': ['USB 16GB', 'KINGSTON'], '/run/media/thu': ['SD'] }
    expect(
      removableCandidates(
        'linux',
        'thu',
        (d) => mounts[d] ?? [],
        (p) => p in mounts,
      ),
    ).toEqual(['/media/thu/KINGSTON', '/media/thu/USB 16GB', '/run/media/thu/SD'])
    expect(
      removableCandidates(
        'linux',
        'thu',
        () => [],
        () => false,
      ),
    ).toEqual([])
  })
})
