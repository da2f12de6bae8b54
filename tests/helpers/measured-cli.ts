import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { CLI_BIN, type CliResult } from './cli'

const PRELOAD = resolve(import.meta.dirname, 'rss-preload.mjs')

export interface MeasuredResult extends CliResult {
  /** Peak resident memory of the command's process, bytes (its own resourceUsage().maxRSS). */
  maxRss: number
  /** Time from the process's start of JavaScript to its exit, ms. */
  ms: number
  /** Durations the program measured itself (performance.measure), ms by name: 'sgn:quick-check', 'sgn:package-export'. */
  measures: Record<string, number>
}

/**
 * Runs the built CLI in its own process, as a clerk would, and reads back that process's peak
 * memory and time: a fresh process per operation, so the figure is the operation's alone.
 */
export function runMeasuredCli(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): MeasuredResult {
  const r = spawnSync(process.execPath, ['--import', PRELOAD, CLI_BIN, ...args], {
    input: '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 30 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  })
  const match = /\n\[sgn-measure\] (\{.*\})\n/.exec(r.stderr ?? '')
  const m = match
    ? (JSON.parse(match[1]!) as { maxRssKiB: number; ms: number; measures?: Record<string, number> })
    : { maxRssKiB: Number.NaN, ms: Number.NaN }
  return {
    code: r.status ?? -1,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '').replace(/\n\[sgn-measure\] \{.*\}\n/, ''),
    maxRss: m.maxRssKiB * 1024,
    ms: m.ms,
    measures: m.measures ?? {},
  }
}

export const MB = 1024 * 1024
