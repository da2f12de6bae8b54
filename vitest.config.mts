import { resolve } from 'node:path'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import LongestFirstSequencer from './tests/helpers/sequencer.ts'
import { UI_TIMEOUT } from './tests/helpers/timeouts.ts'

const alias = { '@shared': resolve(import.meta.dirname, 'shared') }

/**
 * Three groups, run one after the other so a CPU-heavy suite never starves a browser waiting for
 * its page: the Node tests, then the Chromium tests (one browser at a time: a browser is several
 * processes already), then the reliability suites that kill processes and truncate files (two at
 * a time; each recalibrates its kill window to the machine's speed). `npm test` runs all three
 * and prints one closing line.
 */
function project(name: string, include: string[], groupOrder: number, maxWorkers: number): TestProjectInlineConfiguration {
  return {
    resolve: { alias },
    test: {
      name,
      include,
      sequence: { groupOrder },
      maxWorkers,
      fileParallelism: maxWorkers > 1,
      pool: 'forks',
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // A page on a loaded machine can take seconds to settle; one limit for every wait on the screen.
      expect: { poll: { timeout: UI_TIMEOUT, interval: 100 } },
    },
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    // Builds the app once (renderer for the browser tests, the CLI for the command-line tests).
    globalSetup: ['tests/helpers/build-once.ts'],
    // Longest files first, from tests/durations.json, also on a fresh clone with no results cache.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      project('node', ['tests/{unit,integration}/**/*.test.ts'], 0, 2),
      project('chromium', ['tests/e2e/**/*.test.ts'], 1, 1),
      project('reliability', ['tests/reliability/**/*.test.ts'], 2, 2),
    ],
  },
})
