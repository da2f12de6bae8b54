import { existsSync } from 'node:fs'
import { closeContext, createContext } from '../main/app-context'
import type { ServiceContext } from '../main/services/context'
import type { CliIO } from './command'

/**
 * Opens an existing database for one command and closes it after — the store and, if a report was
 * rendered, the PDF browser (a Chromium left behind would outlive the command). Exit code 1 with a
 * plain message when there is no database yet.
 */
export async function withDb<T>(dbPath: string, io: CliIO, run: (ctx: ServiceContext) => Promise<T>): Promise<T | 1> {
  if (!existsSync(dbPath)) {
    io.err(`Không có cơ sở dữ liệu ${dbPath}. Hãy chạy "so-giam-ngheo init" trước.`)
    return 1
  }
  const ctx = await createContext({ dbPath })
  try {
    return await run(ctx)
  } finally {
    await closeContext(ctx)
  }
}
