// `npm run bench [-- --json FILE] [-- FILTER]`: runs tests/bench, prints each figure and its ratio
// against the raw library measured in the same run; with --json, writes them all to FILE.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
const jsonAt = args.indexOf('--json')
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : null
if (jsonAt >= 0) args.splice(jsonAt, 2)

const out = join(mkdtempSync(join(tmpdir(), 'sgn-bench-')), 'results.jsonl')
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.bench.config.mts', ...args], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, SGN_BENCH_OUT: out },
})
const results = existsSync(out)
  ? readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : []

console.log('\nbenchmark'.padEnd(56) + 'figure'.padStart(14) + '  ratio   target')
for (const r of results) {
  // A figure the run could not take (null: e.g. a timing the measured process did not report) is
  // printed as such and counts as a missed target, never as a crash of the summary.
  const figure = r.value == null ? 'not measured' : `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`
  const ratio = r.ratio == null ? '' : `${r.ratio.toFixed(2)}×`
  const target = r.target === undefined ? '' : `≤ ${r.target}× ${r.ratio != null && r.ratio <= r.target ? 'ok' : 'MISSED'}`
  console.log(`${r.name.padEnd(55)} ${figure.padStart(14)}  ${ratio.padEnd(7)} ${target}${r.note ? `  (${r.note})` : ''}`)
}
if (jsonFile) {
  writeFileSync(jsonFile, JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2))
  console.log(`\nwrote ${jsonFile}`)
}
process.exit(run.status ?? 1)
