import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_ID = 'so-giam-ngheo'

/**
 * The per-user data folder, computed the same way Electron's `userData` is, so the CLI and the app
 * find the same database without importing Electron. The app sets `userData` to this value.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_ID)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_ID)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_ID)
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'so-giam-ngheo.sqlite')
}
