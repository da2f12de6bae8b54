import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Result } from '@shared/contract/errors'
import type { PdfRenderer } from '../export/print/pdf'
import type { FilePorts, Printer } from '../services/context'
import type { FromWorker, PortName, ToWorker, WorkerOptions } from './protocol'

/*
 * The window's side of the database worker (router-worker.ts): forwards `invoke` calls to the
 * worker and serves the ports the worker asks for (dialogs, PDF, print) with the real
 * implementations it was given. Nothing here touches SQLite, so the window's thread stays free
 * while the worker runs an import, a summary or a package export.
 */

export interface RouterHostOptions {
  dbPath: string
  /** Real implementations on this thread; without them a dialog answers "cancelled" and PDFs use headless Chromium in the worker. */
  files?: FilePorts
  pdf?: PdfRenderer
  printer?: Printer
  /** The built worker entry; by default the one next to this file in the bundle (out/main/router-worker.js). */
  workerPath?: string | URL
  programName?: string
  demo?: boolean
  scheduledBackups?: boolean
  /** Messages the worker pushes on its own (e.g. change events), for the host to pass to its windows. */
  onEvent?: (event: unknown) => void
  /** The worker stopped without being closed (a crash): every open call has already been answered with an error. */
  onExit?: (code: number) => void
}

export interface RouterHost {
  /** The router of window `windowId` (one sign-in session per window) in the worker; never rejects. */
  invoke(channel: unknown, input: unknown, windowId?: string): Promise<Result<unknown>>
  /** Forgets a closed window's session. */
  closeWindow(windowId: string): void
  /** Closes the database (after the exit backup, when scheduled) and ends the worker. */
  close(): Promise<void>
}

export const DEFAULT_WINDOW = 'main'

const stopped = (message: string): Result<unknown> => ({ ok: false, error: { code: 'INTERNAL', message, path: [] } })

/** Starts the worker and resolves once the database is open; rejects with the Vietnamese reason when it cannot be. */
export function startRouterWorker(options: RouterHostOptions): Promise<RouterHost> {
  const files = options.files
  const workerData: WorkerOptions = {
    dbPath: options.dbPath,
    ports: { chooseFolder: Boolean(files?.chooseFolder), pdf: Boolean(options.pdf), printer: Boolean(options.printer) },
    ...(options.programName ? { programName: options.programName } : {}),
    ...(options.demo ? { demo: true } : {}),
    ...(options.scheduledBackups ? { scheduledBackups: true } : {}),
  }
  const worker = new Worker(options.workerPath ?? join(import.meta.dirname, 'router-worker.js'), { workerData })
  const send = (message: ToWorker) => worker.postMessage(message)

  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  let closing: Promise<void> | null = null
  let exited = false
  let closedCleanly = false

  const ports: Record<PortName, (...args: never[]) => Promise<unknown>> = {
    chooseOpenFile: (o: Parameters<FilePorts['chooseOpenFile']>[0]) => (files ? files.chooseOpenFile(o) : Promise.resolve(null)),
    chooseSaveFile: (o: Parameters<FilePorts['chooseSaveFile']>[0]) => (files ? files.chooseSaveFile(o) : Promise.resolve(null)),
    chooseFolder: (o: { title: string; suggestions?: string[] }) => files?.chooseFolder?.(o) ?? Promise.resolve(null),
    htmlToPdf: (html: string, o: { landscape: boolean }) => options.pdf!.htmlToPdf(html, o),
    printHtml: (html: string, o: { landscape: boolean }) => options.printer!.printHtml(html, o),
  }

  async function servePort(id: number, name: PortName, args: unknown[]): Promise<void> {
    try {
      const value = await (ports[name] as (...a: unknown[]) => Promise<unknown>)(...args)
      if (!exited) send({ type: 'port-reply', id, ok: true, value })
    } catch (e) {
      if (!exited) send({ type: 'port-reply', id, ok: false, message: e instanceof Error ? e.message : String(e) })
    }
  }

  return new Promise<RouterHost>((resolve, reject) => {
    let started = false
    const host: RouterHost = {
      invoke(channel, input, windowId = DEFAULT_WINDOW) {
        if (exited || closing) return Promise.resolve(stopped('Cơ sở dữ liệu đã đóng.'))
        const id = nextId++
        return new Promise((answer) => {
          pending.set(id, answer)
          send({ type: 'invoke', id, windowId, channel, input })
        })
      },
      closeWindow(windowId) {
        if (!exited) send({ type: 'close-window', windowId })
      },
      close() {
        closing ??= new Promise<void>((done) => {
          if (exited) return done()
          worker.once('exit', () => done())
          send({ type: 'close' })
        })
        return closing
      },
    }

    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          started = true
          resolve(host)
          return
        case 'open-failed':
          reject(new Error(message.message))
          void host.close()
          return
        case 'result': {
          const answer = pending.get(message.id)
          pending.delete(message.id)
          answer?.(message.result)
          return
        }
        case 'port':
          void servePort(message.id, message.port, message.args)
          return
        case 'event':
          options.onEvent?.(message.event)
          return
        case 'closed':
          closedCleanly = true
          // The database is closed; a worker kept alive by a stray handle is not waited for long.
          setTimeout(() => void worker.terminate(), 5000).unref()
          return
      }
    })
    worker.on('error', (e) => {
      console.error('[router-host] worker error:', e)
      if (!started) reject(e)
    })
    worker.on('exit', (code) => {
      exited = true
      for (const answer of pending.values()) answer(stopped('Tiến trình dữ liệu đã dừng; hãy mở lại ứng dụng.'))
      pending.clear()
      if (!started) reject(new Error(`router worker exited (${code}) before opening the database`))
      else if (!closedCleanly) options.onExit?.(code)
    })
  })
}
