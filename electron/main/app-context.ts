import { userInfo } from 'node:os'
import { openStore } from './store/open'
import type { PdfRenderer } from './export/print/pdf'
import { noFiles, type FilePorts, type ServiceContext } from './services/context'
import { APP_VERSION } from './version'

export interface ContextOptions {
  dbPath: string
  now?: () => Date
  actor?: () => string
  files?: FilePorts
  pdf?: PdfRenderer
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
    pdf: options.pdf,
    appVersion: APP_VERSION,
  }
}

function safeUserName(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}
