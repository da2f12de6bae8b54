// `npm test`: runs every test (unit, integration, CLI, Chromium end to end) with Vitest and prints
// the closing line CI reads: "N passed, N failed". Exits non-zero when anything failed or no test ran.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

const report = '.test-results/vitest.json'
mkdirSync('.test-results', { recursive: true })
rmSync(report, { force: true })

const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
)

let passed = 0
let failed = 1 // until a report says otherwise: the runner may have died before writing it
let skipped = 0
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed = r.numPassedTests
  // A file that fails to load has no failed test of its own: count it once so it cannot pass silently.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  )
  failed = r.numFailedTests + brokenFiles.length
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
}
writeFileSync('.test-results/summary.json', JSON.stringify({ passed, failed, skipped }))
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1)
