// Loaded with `node --import` in front of the built CLI by tests/helpers/measured-cli.ts: on exit,
// prints the process's own peak resident memory (resourceUsage().maxRSS, in KiB) and its run time
// on stderr, on one line the helper takes out again, with the durations the program measured
// itself (performance.measure: 'sgn:quick-check' when a register is opened, 'sgn:package-export').
const t0 = performance.now()
process.on('exit', () => {
  const measures = Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration]))
  const line = JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, ms: performance.now() - t0, measures })
  process.stderr.write(`\n[sgn-measure] ${line}\n`)
})
