import { execFileSync } from 'node:child_process'

/** Vitest global setup: one production build before any test, so tests exercise what ships. */
export default function setup(): void {
  if (process.env.SGN_SKIP_BUILD === '1') return
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'pipe' })
}
