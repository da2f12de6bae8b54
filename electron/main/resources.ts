import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/**
 * Where the bundled resources (fonts, sample data) are. In development and tests that is the
 * project's resources/ folder; in the packaged app electron-builder copies the fonts next to the
 * app (see electron-builder.yml, extraResources), and main sets SGN_RESOURCES to that folder.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.SGN_RESOURCES
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  // Walk up from this file (source or bundle in out/main) to the folder holding package.json.
  let dir = import.meta.dirname
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return join(dir, 'resources')
    dir = dirname(dir)
  }
  return resolve('resources')
}
