import type { ParseArgsConfig } from 'node:util'
import type { ChannelName } from '@shared/contract'

export interface CliIO {
  out: (line: string) => void
  /** Resolves once what `out` wrote has been taken by the reader (a long listing waits on it between pages). */
  drain?: () => Promise<void>
  err: (line: string) => void
  env: NodeJS.ProcessEnv
  stdin: () => Promise<string>
  /** Told each router channel a command invokes (tests check it against the command's `channels`). */
  trace?: (channel: ChannelName) => void
}

/** Thrown for wrong usage (unknown option, missing argument): exit code 2. */
export class UsageError extends Error {}

export interface Command {
  /** Words that select the command, e.g. ["init"] or ["households", "import"]. */
  name: string[]
  usage: string
  summary: string
  options: NonNullable<ParseArgsConfig['options']>
  /**
   * The router channels the command invokes (cli/router.ts), the same the window uses: access,
   * validation and the operation's steps exist once. Empty only for the maintenance commands of
   * `withoutRouter`.
   */
  channels: readonly ChannelName[]
  /** Why a command works on the file itself, without the router (it must run when the register cannot be opened). */
  withoutRouter?: string
  /** Returns the exit code: 0 ok, 1 failure. */
  run(args: { values: Record<string, unknown>; positionals: string[]; dbPath: string }, io: CliIO): Promise<number>
}
