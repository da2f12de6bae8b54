import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../shared/contract'
import { loadCommands } from '../../electron/cli/commands'

const ROOT = resolve(import.meta.dirname, '../..')
const sourcesIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }))

/** Value imports (not `import type`) of a source file, by module specifier. */
const valueImports = (text: string) => [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!)

describe('the CLI goes through the router', () => {
  it('every command declares the channels it invokes, each one in the contract; only maintenance commands say why they do not', async () => {
    for (const c of await loadCommands()) {
      const name = c.name.join(' ')
      for (const ch of c.channels) expect(CHANNEL_NAMES, `${name}: ${ch}`).toContain(ch)
      if (c.withoutRouter) expect(c.channels, `${name} works without the router`).toEqual([])
      else expect(c.channels.length, `${name} declares no channel`).toBeGreaterThan(0)
    }
  })

  it('command modules reach main only through the router (cli/router.ts): no value import of services, store or export code', () => {
    for (const { file, text } of sourcesIn('electron/cli/commands')) {
      // The maintenance commands (withoutRouter) work on the file itself and live in their own module.
      if (file.endsWith('/maintenance.ts')) continue
      const reaching = valueImports(text).filter((m) => m.startsWith('../../main/') && m !== '../../main/paths')
      expect(reaching, file).toEqual([])
    }
  })

  it('handlers are thin: no file-system call in electron/main/handlers', () => {
    for (const { file, text } of sourcesIn('electron/main/handlers')) {
      expect(
        valueImports(text).filter((m) => /^(node:)?fs(\/promises)?$/.test(m) || m.includes('atomic-save') || m.includes('input-file')),
        file,
      ).toEqual([])
    }
  })
})
