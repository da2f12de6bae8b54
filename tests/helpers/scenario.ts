import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from 'vitest'
import type { Role } from '@shared/domain/users'
import { closeContext, createContext } from '../../electron/main/app-context'
import type { Database } from '../../electron/main/store/schema'
import type { ServiceContext } from '../../electron/main/services/context'
import { t, type MessageKey } from '../../renderer/src/i18n'
import { openAppInChromium, type AppSession } from './app-in-chromium'
import { dialogQueue, type DialogQueue } from './dialogs'
import { fixedClock } from './temp'
import { E2E_TEST_TIMEOUT } from './timeouts'

export interface ScenarioOptions {
  /** The time the program sees, as ISO; `scenario.clock.set` moves it. Defaults to the real clock. */
  clock?: string
  /** Writes the office, units, households… through services or the router before the window opens. */
  seed?: (ctx: ServiceContext & { dir: string }) => Promise<void>
  /** Signed in as this role before the page loads; false shows the sign-in (or first-run) screen. */
  role?: Role | false
}

export interface Scenario extends AppSession {
  ctx: ServiceContext & { dir: string }
  /** The scenario's temporary folder (the database lives there; relative dialog answers land there). */
  dir: string
  dialogs: DialogQueue
  clock: { set(iso: string): void }
  /** Rows in a table of the scenario's database. */
  count(table: keyof Database): Promise<number>
}

/**
 * `scenario(options)`: the app in Chromium over a fresh temporary database, through the real router.
 * Everything it opened is closed after the test, and its dialog queue is checked.
 */
export const test = base.extend<{ scenario: (options?: ScenarioOptions) => Promise<Scenario> }>({
  // eslint-disable-next-line no-empty-pattern -- Vitest reads the fixture's dependencies from this pattern
  scenario: async ({}, use) => {
    // Closed in this order after the test: the window (its calls may still be in flight), then the
    // database and PDF browser, then the folder. Opened here rather than through tempContext, whose
    // afterEach would close the database while the window still runs.
    const teardown: (() => Promise<void> | void)[] = []
    const problems: string[] = []
    await use(async (options = {}) => {
      const clock = options.clock ? fixedClock(options.clock) : undefined
      const dir = mkdtempSync(join(tmpdir(), 'sgn-e2e-'))
      teardown.unshift(() => rmSync(dir, { recursive: true, force: true }))
      const queue = dialogQueue(dir)
      const created = await createContext({
        dbPath: join(dir, 'test.sqlite'),
        actor: () => 'tester',
        files: queue.ports,
        ...(clock ? { now: clock.now } : {}),
      })
      const ctx = Object.assign(created, { dir })
      teardown.unshift(() => closeContext(ctx))
      await options.seed?.(ctx)
      const session = await openAppInChromium(ctx, options.role === undefined ? {} : { signInAs: options.role })
      teardown.unshift(async () => {
        problems.push(...queue.leftovers())
        await session.close()
      })
      return {
        ...session,
        ctx,
        dir,
        dialogs: queue,
        clock: { set: (iso) => (clock ? clock.set(iso) : assertNever('scenario has no clock option')) },
        async count(table) {
          const row = await ctx.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
          return Number(row.n)
        },
      }
    })
    for (const step of teardown) await step()
    if (problems.length) throw new Error(`Dialogs out of step with the test:\n${problems.join('\n')}`)
  },
})

function assertNever(message: string): never {
  throw new Error(message)
}

/**
 * One named step of a walkthrough: a failure inside says which step it was in, so a long test
 * reads like the clerk's work and its report points at the part that broke.
 */
export async function step(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (e) {
    if (e instanceof Error) e.message = `[step: ${name}] ${e.message}`
    throw e
  }
}

/** Chromium end-to-end tests run one walkthrough each; give them room on a loaded machine. */
export const e2e = { timeout: E2E_TEST_TIMEOUT }

/** UI text from the renderer's message catalogue, so a wording change cannot leave a test behind. */
export function ui(key: MessageKey, params?: Record<string, string | number>): string {
  return t(key, params)
}

/** A regular expression matching a catalogue message exactly, placeholders as given or as any text. */
export function uiPattern(key: MessageKey, params: Record<string, string | number | RegExp> = {}): RegExp {
  const text = t(key)
  let source = ''
  let last = 0
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    source += escapeRegExp(text.slice(last, m.index))
    const value = params[m[1]!]
    source += value === undefined ? '.*?' : value instanceof RegExp ? `(?:${value.source})` : escapeRegExp(String(value))
    last = m.index! + m[0].length
  }
  return new RegExp(source + escapeRegExp(text.slice(last)))
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * A PDF's text through pdftotext (poppler), whitespace collapsed. Reading order by default, so a table
 * cell that wraps stays one run of words; `layout` keeps each table row on one line.
 */
export function pdfText(file: string, options: { layout?: boolean; page?: number } = {}): string {
  const args = [...(options.layout ? ['-layout'] : []), ...(options.page ? ['-f', `${options.page}`, '-l', `${options.page}`] : [])]
  const text = execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' })
  return options.layout ? text : text.replace(/\s+/g, ' ')
}

export { dialogQueue, type DialogQueue }
