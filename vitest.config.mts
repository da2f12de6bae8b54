import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/{unit,integration,e2e}/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
    // Builds the app once (renderer for the browser tests, the CLI for the command-line tests).
    globalSetup: ['tests/helpers/build-once.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser tests poll the page; on a busy 2-core machine a screen can take seconds to settle.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
})
