import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Role } from '@shared/domain/users'
import { createRouter } from '../../electron/main/ipc'
import { ensureUser, TEST_PASSWORD } from './session'
import type { ServiceContext } from '../../electron/main/services/context'

const RENDERER = resolve(import.meta.dirname, '../../out/renderer')
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

function serveRenderer(): Promise<Server> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('out/renderer is missing: the global setup builds it')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html'
    const file = join(RENDERER, rel)
    if (!file.startsWith(RENDERER) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)))
}

export interface AppSession {
  page: Page
  browser: Browser
  /** Console errors and page errors seen so far (a CSP violation shows up here). */
  errors: string[]
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/**
 * Opens the built renderer in Chromium with a `window.api` whose calls go, through
 * `exposeBinding`, to the same IPC router the app binds, over the given real database.
 * Only Electron's transport is replaced.
 */
export interface OpenOptions {
  /**
   * Sign the window in before the page loads, as this role (a test account is made if needed).
   * Defaults to 'admin' once the office is set up; false shows the sign-in screen.
   */
  signInAs?: Role | false
}

export async function openAppInChromium(ctx: ServiceContext, options: OpenOptions = {}): Promise<AppSession> {
  const server = await serveRenderer()
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' })
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message + (process.env.SGN_DEBUG ? `\n${e.stack}` : '')))
  const router = createRouter(ctx)
  const officeExists = (await ctx.store.db.selectFrom('office').select('id').executeTakeFirst()) !== undefined
  const signInAs = options.signInAs ?? (officeExists ? 'admin' : false)
  if (signInAs) {
    const signedIn = await router.invoke('auth.signIn', { username: await ensureUser(ctx, signInAs), password: TEST_PASSWORD })
    if (!signedIn.ok) throw new Error(signedIn.error.message)
  }
  await page.exposeBinding('__sgnInvoke', (_source, channel: unknown, input: unknown) => router.invoke(channel, input))
  await page.addInitScript(() => {
    type Listener = (event: unknown) => void
    const w = globalThis as unknown as {
      api: unknown
      __sgnInvoke: (c: unknown, i: unknown) => Promise<unknown>
      __sgnEvent: (event: unknown) => void
    }
    const listeners = new Set<Listener>()
    // Main's events arrive here (router.on below), as the preload's ipcRenderer.on delivers them in the app.
    w.__sgnEvent = (event) => {
      for (const l of [...listeners]) l(event)
    }
    w.api = Object.freeze({
      invoke: (channel: unknown, input: unknown) => w.__sgnInvoke(channel, input),
      on: (listener: Listener) => {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
    })
  })
  // The router's events (this window's writes, other routers' on the same register, jobs) to the page.
  const unsubscribe = router.on((event) => {
    page
      .evaluate((e) => (globalThis as unknown as { __sgnEvent?: (e: unknown) => void }).__sgnEvent?.(e), event)
      .catch(() => {
        // The page is navigating or closed: the event is lost, as a closed window's would be.
      })
  })
  const { port } = server.address() as AddressInfo
  await page.goto(`http://127.0.0.1:${port}/index.html`)
  mkdirSync(ARTIFACTS, { recursive: true })
  return {
    page,
    browser,
    errors,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`)
      await page.screenshot({ path, fullPage: true })
      return path
    },
    async close() {
      unsubscribe()
      await browser.close()
      await new Promise((ok) => server.close(ok))
    },
  }
}
