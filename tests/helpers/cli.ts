import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

/** The built command, for tests that must drive the process themselves (signals). */
export const CLI_BIN = resolve(import.meta.dirname, '../../bin/so-giam-ngheo.mjs')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** The router channels the command invoked, in order (in-process runs only). */
  channels?: string[]
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

/**
 * Runs a command line in this test's process through the CLI's own entry, `runCli(argv, io)`: the
 * same argument parsing, checks, services and exit codes as the built command, without starting
 * Node and loading every library again for each call (about a second of CPU each, which a loaded
 * 2-core machine pays hundreds of times over a run). Output is what the command would print, one
 * line per `out`/`err` call. What only a real process shows (the built bundle, signals and exit
 * hooks, its temporary folder, another process holding the database) is tested with `runCli`.
 */
export async function cliInProcess(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const stdout: string[] = []
  const stderr: string[] = []
  const channels: string[] = []
  // Loaded on first use: tests that only start the built command do not load the CLI's sources.
  const { runCli: runCommandLine } = await import('../../electron/cli/run')
  const code = await runCommandLine(args, {
    out: (line) => void stdout.push(`${line}\n`),
    err: (line) => void stderr.push(`${line}\n`),
    env: { ...process.env, ...options.env },
    stdin: async () => options.input ?? '',
    trace: (channel) => void channels.push(channel),
  })
  return { code, stdout: stdout.join(''), stderr: stderr.join(''), channels }
}
