import { existsSync } from 'node:fs'
import { closeContext, createContext } from '../../main/app-context'
import type { ServiceContext } from '../../main/services/context'
import { UsageError, type CliIO } from '../command'

/** Opens an existing database for one command and closes it after. */
export async function withDb<T>(dbPath: string, io: CliIO, run: (ctx: ServiceContext) => Promise<T>): Promise<T | 1> {
  if (!existsSync(dbPath)) {
    io.err(`Không có cơ sở dữ liệu ${dbPath}. Hãy chạy "so-giam-ngheo init" trước.`)
    return 1
  }
  const ctx = await createContext({ dbPath })
  try {
    return await run(ctx)
  } finally {
    // Closes the PDF browser too (the export renders reports): a Chromium left behind would outlive the command.
    await closeContext(ctx)
  }
}

/** Passphrases come from an environment variable named on the command line, never from argv itself. */
export function passphraseFrom(values: Record<string, unknown>, io: CliIO, option = 'passphrase-env'): string {
  const name = values[option]
  if (typeof name !== 'string' || !name)
    throw new UsageError(`Thiếu --${option} TÊN_BIẾN (mật khẩu lấy từ biến môi trường, không ghi trên dòng lệnh)`)
  const value = io.env[name]
  if (!value) throw new UsageError(`Biến môi trường ${name} chưa được đặt`)
  return value
}

export function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Cần đúng một ${what}`)
  return positionals[0]!
}
