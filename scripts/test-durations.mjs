// Writes tests/durations.json (seconds per test file) from the last `npm test` report, so the test
// sequencer (tests/helpers/sequencer.ts) starts the longest files first on a fresh clone too.
// Run after a full `npm test` on a quiet machine when files were added or changed much.
import { readFileSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const report = JSON.parse(readFileSync(resolve(root, '.test-results/vitest.json'), 'utf8'))
const durations = Object.fromEntries(
  report.testResults
    .map((f) => [relative(root, f.name).split('\\').join('/'), Math.round((f.endTime - f.startTime) / 100) / 10])
    .sort((a, b) => b[1] - a[1]),
)
writeFileSync(resolve(root, 'tests/durations.json'), `${JSON.stringify(durations, null, 2)}\n`)
console.log(`tests/durations.json: ${Object.keys(durations).length} files`)
