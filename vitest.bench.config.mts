import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// Benchmarks: run by scripts/bench.mjs one file at a time, never part of pass/fail.
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 30 * 60_000,
  },
})
