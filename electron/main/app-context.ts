import { userInfo } from 'node:os'
import { chromiumPdfRenderer } from './export/print/pdf-chromium'
import type { PdfRenderer } from './export/print/pdf'
import { openStore } from './store/open'
import { createEventHub } from './services/events'
import { noFiles, type FilePorts, type Printer, type ServiceContext } from './services/context'
import { APP_VERSION } from './version'

export interface ContextOptions {
  dbPath: string
  now?: () => Date
  actor?: () => string
  files?: FilePorts
  /** Defaults to headless Chromium, launched only when a PDF is first asked for. */
  pdf?: PdfRenderer
  printer?: Printer
}

/** Opens the database and assembles what every service needs. Shared by the app, the CLI and tests. */
export async function createContext(options: ContextOptions): Promise<ServiceContext> {
  const now = options.now ?? (() => new Date())
  const store = await openStore(options.dbPath, { now })
  // Until accounts exist, the audit trail names the operating-system user.
  const osUser = safeUserName()
  return {
    store,
    now,
    actor: options.actor ?? (() => osUser),
    files: options.files ?? noFiles,
    pdf: options.pdf ?? chromiumPdfRenderer(),
    ...(options.printer ? { printer: options.printer } : {}),
    appVersion: APP_VERSION,
    events: createEventHub(),
  }
}

/** Closes what a context opened: the database and, if one was started, the PDF browser. */
export async function closeContext(ctx: ServiceContext): Promise<void> {
  const pdf = ctx.pdf as PdfRenderer & { close?: () => Promise<void> }
  await Promise.all([ctx.store.close(), pdf.close?.()])
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
