import { parseArgs } from 'node:util'
import { ApiError } from '@shared/contract/errors'
import { z } from 'zod'
import { reasonOf, StoreError } from '../main/store/errors'
import { setProgramName } from '../main/services/files/db-holders'
import { defaultDbPath } from '../main/paths'
import { loadCommands } from './commands'
import type { Command } from './command'
import { UsageError, type CliIO } from './command'

z.config(z.locales.vi())

function help(commands: readonly Command[]): string {
  const lines = ['Cách dùng: so-giam-ngheo [--db TỆP] LỆNH [tùy chọn]', '', 'Lệnh:']
  for (const c of commands) lines.push(`  ${c.usage.padEnd(60)} ${c.summary}`)
  lines.push('', `--db mặc định: ${defaultDbPath()}`)
  return lines.join('\n')
}

/** The database a command line names (`--db`, else SO_GIAM_NGHEO_DB, else the default); null when `--db` has no value. */
export function cliDbPath(argv: readonly string[], env: NodeJS.ProcessEnv): { dbPath: string; args: string[] } | null {
  const args = [...argv]
  let dbPath = env.SO_GIAM_NGHEO_DB || defaultDbPath(env)
  const dbAt = args.findIndex((a) => a === '--db' || a.startsWith('--db='))
  if (dbAt >= 0) {
    const inline = args[dbAt]!.startsWith('--db=')
    const value = inline ? args[dbAt]!.slice('--db='.length) : args[dbAt + 1]
    if (!value) return null
    args.splice(dbAt, inline ? 1 : 2)
    dbPath = value
  }
  return { dbPath, args }
}

/** Runs one command line and returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const parsedDb = cliDbPath(argv, io.env)
  if (!parsedDb) {
    io.err('Thiếu tên tệp sau --db')
    return 2
  }
  const { dbPath, args } = parsedDb
  if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
    io.out(help(await loadCommands()))
    return args.length === 0 ? 2 : 0
  }
  const commands = await loadCommands(args[0])
  const command = commands.filter((c) => c.name.every((w, i) => args[i] === w)).sort((a, b) => b.name.length - a.name.length)[0]
  if (!command) {
    io.err(`Lệnh không rõ: ${args.join(' ')}\n\n${help(await loadCommands())}`)
    return 2
  }
  // How this process is named to a restore that finds the database open (db-holders.ts).
  setProgramName(`lệnh "so-giam-ngheo ${command.name.join(' ')}"`)
  try {
    const parsed = parseArgs({
      args: args.slice(command.name.length),
      options: command.options,
      allowPositionals: true,
      strict: true,
    })
    // A command reaches only the channels it declares (the CLI's listing test reads them).
    const traced: CliIO = {
      ...io,
      trace: (channel) => {
        if (!command.channels.includes(channel))
          throw new Error(`"${command.name.join(' ')}" gọi kênh ${channel} không khai báo trong channels`)
        io.trace?.(channel)
      },
    }
    return await command.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals, dbPath }, traced)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      const message = e instanceof UsageError ? e.message : `Tùy chọn không hợp lệ: ${(e as Error).message.split('.')[0]}`
      io.err(`${message}\nCách dùng: so-giam-ngheo ${command.usage}`)
      return 2
    }
    if (e instanceof ApiError || e instanceof StoreError) {
      io.err(e.message)
      return 1
    }
    if (e instanceof z.ZodError) {
      io.err(e.issues.map((i) => `${i.path.join('.') || 'dữ liệu'}: ${i.message}`).join('\n'))
      return 1
    }
    // SQLite's and the system's refusals (a locked database, a full or write-protected disk) in Vietnamese.
    io.err(reasonOf(e))
    return 1
  }
}
