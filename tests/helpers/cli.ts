import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/** The built command, for tests that must drive the process themselves (signals). */
export const CLI_BIN = resolve(import.meta.dirname, '../../bin/so-giam-ngheo.mjs')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the built `so-giam-ngheo` command in a child Node process, exactly as a user would. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
