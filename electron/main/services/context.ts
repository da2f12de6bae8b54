import type { PdfRenderer } from '../export/print/pdf'
import type { Store } from '../store/open'

/** Chooses files through whatever the host offers: Electron's dialogs in the app, arguments in the CLI, a fixture in tests. */
export interface FilePorts {
  chooseOpenFile(options: { title: string; extensions: string[] }): Promise<string | null>
  /** A folder to write into (the backup folder, often a USB stick); optional so older hosts still compile. */
  chooseFolder?(options: { title: string }): Promise<string | null>
}

/**
 * Everything a service needs from the outside world, passed in rather than imported, so the app,
 * the CLI and the tests run the same service code (design.md rule 2).
 */
export interface ServiceContext {
  store: Store
  /** The current time; injected so tests can move it. */
  now: () => Date
  /** Who is acting, for the audit trail. */
  actor: () => string
  files: FilePorts
  /** HTML → PDF: Electron's printToPDF in the app, headless Chromium in the CLI and tests. */
  pdf: PdfRenderer
  appVersion: string
}

export const noFiles: FilePorts = {
  async chooseOpenFile() {
    return null
  },
}
