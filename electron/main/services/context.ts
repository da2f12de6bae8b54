import type { EventHub } from './events'
import type { PdfRenderer } from '../export/print/pdf'
import type { Store } from '../store/open'
import type { SessionState } from './users/session'

/** Chooses files through whatever the host offers: Electron's dialogs in the app, arguments in the CLI, a fixture in tests. */
export interface FilePorts {
  chooseOpenFile(options: { title: string; extensions: string[] }): Promise<string | null>
  /** Where to save a file the app writes (an error report, a template); null when the user cancels. */
  chooseSaveFile(options: { title: string; defaultName: string; extensions: string[] }): Promise<string | null>
  /**
   * A folder to write into (the backup folder, the USB stick for a package); `suggestions` (e.g.
   * removable drives) are offered first. Optional: hosts without it cannot save into a folder.
   */
  chooseFolder?(options: { title: string; suggestions?: string[] }): Promise<string | null>
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
  /** Sends print HTML to the operating system's print dialog; only the app has one. */
  printer?: Printer
  appVersion: string
  /** The signed-in user of the window this call came from; set by the IPC router, absent in the CLI. */
  session?: SessionState
  /** Main's news to the windows (services/events.ts); the router makes one when absent. */
  events?: EventHub
}

export interface Printer {
  /** Resolves true when the user printed, false when they cancelled the dialog. */
  printHtml(html: string, options: { landscape: boolean }): Promise<boolean>
}

export const noFiles: FilePorts = {
  async chooseOpenFile() {
    return null
  },
  async chooseSaveFile() {
    return null
  },
}
