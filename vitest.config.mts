import { resolve } from 'node:path'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import LongestFirstSequencer from './tests/helpers/sequencer.ts'
import { UI_TIMEOUT } from './tests/helpers/timeouts.ts'

const alias = { '@shared': resolve(import.meta.dirname, 'shared') }

/**
 * Three groups, run one after the other so a CPU-heavy suite never starves a browser waiting for
 * its page: the Node tests, then the Chromium tests (two browsers at a time: every wait on the
 * screen polls with one limit sized for a loaded machine), then the reliability suites that kill
 * processes and truncate files (two at a time; each recalibrates its kill window to the machine's
 * speed). `npm test` runs all three and prints one closing line.
 */
function project(
  name: string,
  include: string[],
  groupOrder: number,
  options: { maxWorkers: number; isolate?: boolean },
): TestProjectInlineConfiguration {
  return {
    resolve: { alias },
    test: {
      name,
      include,
      sequence: { groupOrder },
      maxWorkers: options.maxWorkers,
      fileParallelism: options.maxWorkers > 1,
      isolate: options.isolate ?? true,
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
      // The Node test files share a worker's loaded modules (about half a second of CPU per file
      // otherwise): none of them mocks a module, and each opens and closes its own databases.
      project('node', ['tests/{unit,integration}/**/*.test.ts'], 0, { maxWorkers: 2, isolate: false }),
      project('chromium', ['tests/e2e/**/*.test.ts'], 1, { maxWorkers: 2 }),
      project('reliability', ['tests/reliability/**/*.test.ts'], 2, { maxWorkers: 2 }),
    ],
  },
})
