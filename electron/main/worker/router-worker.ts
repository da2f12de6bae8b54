import { parentPort, workerData } from 'node:worker_threads'
import { closeContext, createContext } from '../app-context'
import type { PdfRenderer } from '../export/print/pdf'
import { createRouter, type Router } from '../ipc'
import type { FilePorts, Printer, ServiceContext } from '../services/context'
import { createEventHub } from '../services/events'
import { setProgramName } from '../services/files/db-holders'
import { seedDemoIfEmpty } from '../services/households/demo-seed'
import { runScheduledBackup } from '../services/system/backup-service'
import { reasonOf, StoreError } from '../store/errors'
import type { FromWorker, PortName, ToWorker, WorkerOptions } from './protocol'

/*
 * The worker thread that owns the database: it opens the context, keeps one router (one sign-in
 * session) per window, and answers the host's `invoke` messages. better-sqlite3 is synchronous, so a
 * long query or import blocks this thread, not the window's. Dialogs, PDF and printing are asked of
 * the host (router-host.ts), which runs the real implementations on the window's thread.
 */

if (!parentPort) throw new Error('router-worker.ts runs only as a worker thread')
const port = parentPort
const options = workerData as WorkerOptions
const post = (message: FromWorker) => port.postMessage(message)

let nextPortCall = 1
const pendingPorts = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()

function callHost<T>(name: PortName, ...args: unknown[]): Promise<T> {
  const id = nextPortCall++
  return new Promise<T>((resolve, reject) => {
    pendingPorts.set(id, { resolve: resolve as (v: unknown) => void, reject })
    post({ type: 'port', id, port: name, args })
  })
}

const files: FilePorts = {
  chooseOpenFile: (o) => callHost('chooseOpenFile', o),
  chooseSaveFile: (o) => callHost('chooseSaveFile', o),
  ...(options.ports.chooseFolder
    ? { chooseFolder: (o: { title: string; suggestions?: string[] }) => callHost<string | null>('chooseFolder', o) }
    : {}),
}
const pdf: PdfRenderer | undefined = options.ports.pdf ? { htmlToPdf: (html, o) => callHost('htmlToPdf', html, o) } : undefined
const printer: Printer | undefined = options.ports.printer ? { printHtml: (html, o) => callHost('printHtml', html, o) } : undefined

let ctx: ServiceContext | null = null
const routers = new Map<string, Router>()
let dailyBackup: NodeJS.Timeout | undefined
/** The daily backup under way, if any: closing waits for it rather than closing the database under it. */
let dailyRun: Promise<unknown> = Promise.resolve()

function routerFor(windowId: string, base: ServiceContext): Router {
  let router = routers.get(windowId)
  if (!router) routers.set(windowId, (router = createRouter(base)))
  return router
}

async function open(): Promise<void> {
  if (options.programName) setProgramName(options.programName)
  try {
    ctx = await createContext({ dbPath: options.dbPath, files, ...(pdf ? { pdf } : {}), ...(printer ? { printer } : {}) })
    // Every window's router shares the register's event hub: its news goes to the host once, for all windows.
    const events = (ctx.events ??= createEventHub())
    events.on((event) => post({ type: 'event', event }))
    if (options.demo) await seedDemoIfEmpty(ctx)
  } catch (e) {
    const message = e instanceof StoreError ? e.message : `Không mở được cơ sở dữ liệu ${options.dbPath}: ${reasonOf(e)}`
    if (ctx) await closeContext(ctx).catch(() => {})
    ctx = null
    post({ type: 'open-failed', message })
    return
  }
  if (options.scheduledBackups) {
    const backupCtx = ctx
    const daily = () => (dailyRun = dailyRun.then(() => runScheduledBackup(backupCtx, 'daily')))
    void daily()
    dailyBackup = setInterval(daily, 3600_000)
  }
  post({ type: 'ready' })
}

async function close(): Promise<void> {
  clearInterval(dailyBackup)
  const closing = ctx
  ctx = null
  if (closing) {
    // The exit backup never throws; a failure shows in Settings next time.
    if (options.scheduledBackups) {
      await dailyRun
      await runScheduledBackup(closing, 'exit')
    }
    await closeContext(closing).catch((e: unknown) => console.error('[router-worker] close:', e))
  }
  for (const p of pendingPorts.values()) p.reject(new Error('closed'))
  pendingPorts.clear()
  post({ type: 'closed' })
  port.close()
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'invoke': {
      const base = ctx
      if (!base) {
        post({
          type: 'result',
          id: message.id,
          result: { ok: false, error: { code: 'INTERNAL', message: 'Cơ sở dữ liệu đã đóng.', path: [] } },
        })
        return
      }
      // The router never throws: its answer goes back as is.
      void routerFor(message.windowId, base)
        .invoke(message.channel, message.input)
        .then((result) => post({ type: 'result', id: message.id, result }))
      return
    }
    case 'port-reply': {
      const pending = pendingPorts.get(message.id)
      pendingPorts.delete(message.id)
      if (!pending) return
      if (message.ok) pending.resolve(message.value)
      else pending.reject(new Error(message.message))
      return
    }
    case 'close-window':
      routers.delete(message.windowId)
      return
    case 'close':
      void close()
      return
  }
})

void open()
