import { createHash } from 'node:crypto'
import { closeSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { it } from 'vitest'
import { SNAPSHOT_GZIP_LEVEL } from '../../electron/main/export/package/build'
import { entryChunks, fileSource, readZipIndex } from '../../electron/main/export/package/zip-reader'
import { PACKAGE_RSS_LIMIT_BYTES } from '../../electron/main/services/packages/memory'
import { MB, runMeasuredCli, type MeasuredResult } from '../helpers/measured-cli'
import { record } from './record'

/*
 * Packages of registers made the way a new user makes one: `demo-data` (members, three years of
 * assessments, the audit row), every step through the built CLI in its own process, so each
 * figure (time, peak memory) is that operation's alone. The raw floor is measured in the same run
 * on the same bytes: the package's tables, inflated, gzipped again at the same level, hashed
 * (SHA-256) and written — what any export of this data must at least do.
 * Sizes: SGN_BENCH_PACKAGE_HOUSEHOLDS="50000,300000" (comma-separated).
 */
const SIZES = (process.env.SGN_BENCH_PACKAGE_HOUSEHOLDS ?? '50000,300000').split(',').map(Number).filter(Boolean)
const ENV = { SGN_PASS: 'mật khẩu rất dài 123' }
/** Export ÷ raw floor, from the issue. */
const EXPORT_TARGET = 1.5

function cli(args: string[]): MeasuredResult {
  const r = runMeasuredCli(args, { env: ENV })
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r
}

const mb = (bytes: number) => bytes / MB
const rssNote = (r: MeasuredResult) =>
  `peak RSS ${mb(r.maxRss).toFixed(0)} MB (limit ${mb(PACKAGE_RSS_LIMIT_BYTES)} MB ${r.maxRss <= PACKAGE_RSS_LIMIT_BYTES ? 'ok' : 'MISSED'})`

/** Writes each snapshot table of the package, inflated, to `dir` (not timed): the floor's input. */
async function inflateTables(zipPath: string, dir: string): Promise<string[]> {
  const fd = openSync(zipPath, 'r')
  try {
    const source = fileSource(fd, statSync(zipPath).size)
    const out: string[] = []
    for (const e of readZipIndex(source).values()) {
      if (!e.name.endsWith('.jsonl.gz')) continue
      const path = join(dir, e.name.replace(/\//g, '_').replace(/\.gz$/, ''))
      await pipeline(Readable.from(entryChunks(source, e)), createGunzip(), createWriteStream(path))
      out.push(path)
    }
    return out
  } finally {
    closeSync(fd)
  }
}

/** gzip (same level) + SHA-256 + write of the same bytes, streamed: the least an export must do. */
async function rawFloor(files: string[], dir: string): Promise<number> {
  const t0 = performance.now()
  for (const [i, f] of files.entries()) {
    const hash = createHash('sha256')
    await pipeline(
      createReadStream(f, { highWaterMark: 256 * 1024 }),
      createGzip({ level: SNAPSHOT_GZIP_LEVEL }),
      new Transform({
        transform(chunk: Buffer, _e, done) {
          hash.update(chunk)
          done(null, chunk)
        },
      }),
      createWriteStream(join(dir, `floor-${i}.gz`)),
    )
    hash.digest()
  }
  return performance.now() - t0
}

for (const households of SIZES) {
  it(`package of a demo-data register of ${households} households: export, province verify and import`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgn-bench-pkg-'))
    try {
      const office = join(dir, 'office.sqlite')
      const province = join(dir, 'province.sqlite')
      const usb = join(dir, 'usb')
      mkdirSync(usb)
      cli(['--db', office, 'init', '--office-code', '14563', '--office-name', 'UBND xã Tân Thành', '--province-code', '37'])
      cli(['--db', office, 'keys', 'create', '--passphrase-env', 'SGN_PASS'])
      cli(['--db', province, 'init', '--office-code', 'SO37', '--office-name', 'Sở', '--province-code', '37', '--mode', 'province'])
      cli(['--db', office, 'keys', 'export-cert', join(dir, 'office.pem')])
      cli(['--db', province, 'trust', 'add', join(dir, 'office.pem')])
      const seed = cli(['--db', office, 'demo-data', '--households', String(households)])
      record({
        name: `package.${households}.demo-data`,
        value: seed.ms,
        unit: 'ms',
        note: `register ${mb(statSync(office).size).toFixed(0)} MB`,
      })

      const exp = cli([
        '--db',
        office,
        'package',
        'export',
        '--period',
        '2026-H1',
        '--out',
        usb,
        '--passphrase-env',
        'SGN_PASS',
        '--reports',
        'none',
      ])
      const zipPath = join(
        usb,
        readdirSync(usb).find((f) => f.endsWith('.zip'))!,
      )
      const size = statSync(zipPath).size

      const work = join(dir, 'floor')
      mkdirSync(work)
      const tables = await inflateTables(zipPath, work)
      const inflated = tables.reduce((n, f) => n + statSync(f).size, 0)
      const floor = await rawFloor(tables, work)
      rmSync(work, { recursive: true, force: true })
      // The command as a clerk runs it: Node's start, opening the register (its PRAGMA quick_check
      // reads every page: store/open.ts) and the export. In the window the register is already
      // open, so the export itself (exportPackage, from unlocking the key to the read-back check)
      // is recorded too, with the open's check beside it.
      const operation = exp.measures['sgn:package-export'] ?? Number.NaN
      const quickCheck = exp.measures['sgn:quick-check'] ?? Number.NaN
      record({
        name: `package.${households}.export`,
        value: exp.ms,
        unit: 'ms',
        ratio: exp.ms / floor,
        target: EXPORT_TARGET,
        note: `the CLI command; ${mb(size).toFixed(1)} MB package, ${mb(inflated).toFixed(0)} MB of JSON lines; ${rssNote(exp)}`,
      })
      record({
        name: `package.${households}.export.operation`,
        value: operation,
        unit: 'ms',
        ratio: operation / floor,
        target: EXPORT_TARGET,
        note: 'exportPackage alone, the register open (as in the window)',
      })
      record({
        name: `package.${households}.export.open-quick-check`,
        value: quickCheck,
        unit: 'ms',
        note: 'PRAGMA quick_check when the CLI opens the register, part of the command',
      })
      record({ name: `package.${households}.raw-floor`, value: floor, unit: 'ms', note: 'gzip + SHA-256 + write of the same bytes' })
      record({ name: `package.${households}.export.peak-rss`, value: mb(exp.maxRss), unit: 'MB' })

      const verify = cli(['--db', province, 'package', 'verify', zipPath])
      record({ name: `package.${households}.verify`, value: verify.ms, unit: 'ms', note: rssNote(verify) })
      record({ name: `package.${households}.verify.peak-rss`, value: mb(verify.maxRss), unit: 'MB' })
      const imp = cli(['--db', province, 'package', 'import', zipPath])
      record({
        name: `package.${households}.import`,
        value: imp.ms,
        unit: 'ms',
        note: `${Math.round(households / (imp.ms / 1000))} households/s; ${rssNote(imp)}`,
      })
      record({ name: `package.${households}.import.peak-rss`, value: mb(imp.maxRss), unit: 'MB' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
