import type { Store } from '../store/open'

/** Chooses files through whatever the host offers: Electron's dialogs in the app, arguments in the CLI, a fixture in tests. */
export interface FilePorts {
  chooseOpenFile(options: { title: string; extensions: string[] }): Promise<string | null>
  /** Picks a folder to save into; `suggestions` (e.g. USB sticks) are offered first. Optional: hosts without it cannot save. */
  chooseFolder?(options: { title: string; suggestions: string[] }): Promise<string | null>
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
  appVersion: string
}

export const noFiles: FilePorts = {
  async chooseOpenFile() {
    return null
  },
}
