/**
 * The security settings of the app's window, as plain data so a test can read exactly what the app
 * uses (tests/reliability/hardening.test.ts fails if any is loosened). No Electron import here.
 */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const

/** No remote content at all: scripts, styles, fonts and images come from the app bundle only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** The same policy for the page's <meta> tag, which cannot carry frame-ancestors (the header does). */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ')

/** The only IPC channel name: the contract's channel travels inside it and is checked by the router. */
export const IPC_CHANNEL = 'api'

/** The one channel main speaks on unasked: `AppEvent`s (shared/contract/events.ts), nothing else. */
export const IPC_EVENT = 'api:event'
