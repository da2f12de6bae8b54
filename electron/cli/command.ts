import type { ParseArgsConfig } from 'node:util'

export interface CliIO {
  out: (line: string) => void
  /** Resolves once what `out` wrote has been taken by the reader (a long listing waits on it between pages). */
  drain?: () => Promise<void>
  err: (line: string) => void
  env: NodeJS.ProcessEnv
  stdin: () => Promise<string>
}

/** Thrown for wrong usage (unknown option, missing argument): exit code 2. */
export class UsageError extends Error {}

export interface Command {
  /** Words that select the command, e.g. ["init"] or ["households", "import"]. */
  name: string[]
  usage: string
  summary: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Returns the exit code: 0 ok, 1 failure. */
  run(args: { values: Record<string, unknown>; positionals: string[]; dbPath: string }, io: CliIO): Promise<number>
}
