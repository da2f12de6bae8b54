import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { closeContext, createContext, type ContextOptions } from '../../electron/main/app-context'
import type { ServiceContext } from '../../electron/main/services/context'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** A fresh temporary folder, removed after the test. */
export function tempDir(prefix = 'sgn-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A service context over a real SQLite file in a temporary folder, closed after the test. */
export async function tempContext(options: Partial<ContextOptions> = {}): Promise<ServiceContext & { dir: string }> {
  const dir = tempDir()
  const ctx = await createContext({ dbPath: join(dir, 'test.sqlite'), actor: () => 'tester', ...options })
  cleanups.push(() => closeContext(ctx))
  return Object.assign(ctx, { dir })
}

/** A clock that tests can move. */
export function fixedClock(iso: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(iso)
  return { now: () => new Date(current), set: (next) => (current = new Date(next)) }
}
