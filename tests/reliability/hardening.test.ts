import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES, contract } from '@shared/contract'
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META,
  IPC_CHANNEL,
  IPC_EVENT,
  WEB_PREFERENCES,
} from '../../electron/main/security'

// Reads what ships: the data in security.ts, and the built bundles in out/ (the global setup builds them).
const ROOT = resolve(import.meta.dirname, '../..')
const OUT = resolve(ROOT, 'out')

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(c|m)?js$/.test(f))
    .map((f) => join(dir, f))
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

/** The text of the object literal that starts at `open` (a "{"), braces balanced. */
function objectAt(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1)
  }
  throw new Error('unbalanced object literal')
}

const SECURE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
}

describe('Electron hardening', () => {
  it('the window preferences in security.ts are the secure ones', () => {
    expect(WEB_PREFERENCES).toMatchObject(SECURE)
  })

  it('the CSP allows no remote origin, no eval and no inline script', () => {
    for (const csp of [CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META]) {
      const d = directives(csp)
      expect(d.get('default-src')).toEqual(["'none'"])
      expect(d.get('script-src')).toEqual(["'self'"])
      expect(d.get('object-src')).toEqual(["'none'"])
      expect(d.get('base-uri')).toEqual(["'none'"])
      for (const [name, values] of d) {
        for (const v of values) {
          expect(v, `${name} ${v}`).not.toMatch(
            /^(\*|https?:|wss?:|ftp:|blob:|filesystem:)|:\/\/|\*\.|'unsafe-(eval|inline|hashes)'|'wasm-unsafe-eval'|'strict-dynamic'/,
          )
        }
      }
    }
    expect(directives(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"])
  })

  it('the built main process uses those preferences for every window and sends that CSP', () => {
    const main = readFileSync(join(OUT, 'main/index.js'), 'utf8')
    // The bundle carries the same constants as security.ts …
    const prefsAt = main.indexOf('var WEB_PREFERENCES = {')
    expect(prefsAt).toBeGreaterThanOrEqual(0)
    const prefs = objectAt(main, main.indexOf('{', prefsAt))
    for (const [key, value] of Object.entries(SECURE)) expect(prefs, key).toMatch(new RegExp(`\\b${key}: ${value}\\b`))
    expect(main).toContain(`"Content-Security-Policy": [CONTENT_SECURITY_POLICY]`)
    for (const d of CONTENT_SECURITY_POLICY.split('; ')) expect(main).toContain(JSON.stringify(d))

    // … every window with web preferences spreads them first and overrides none of them …
    const windows = [...main.matchAll(/new BrowserWindow\(/g)].map((m) => objectAt(main, main.indexOf('{', m.index)))
    expect(windows.length).toBeGreaterThan(0)
    let withContent = 0
    for (const w of windows) {
      const at = w.indexOf('webPreferences:')
      if (at < 0) {
        // Electron's defaults are secure; a bare window is only a parent for a dialog and loads nothing.
        expect(w.replace(/\s+/g, ' ')).toBe('{ show: false }')
        continue
      }
      withContent++
      const body = objectAt(w, w.indexOf('{', at))
      expect(body.replace(/\s+/g, ' ')).toMatch(/^\{ \.\.\.WEB_PREFERENCES,/)
      for (const key of Object.keys(WEB_PREFERENCES))
        expect(body.split('...WEB_PREFERENCES')[1], `${key} overridden`).not.toMatch(new RegExp(`\\b${key}\\s*:`))
    }
    expect(withContent).toBeGreaterThan(0)

    // … and the rest of the lockdown is there.
    expect(main).toContain('app.enableSandbox()')
    expect(main).toMatch(/on\("will-navigate", \(event\) => event\.preventDefault\(\)\)/)
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: "deny" \}\)\)/)
    expect(main).toMatch(/setPermissionRequestHandler\(\([^)]*\) => callback\(false\)\)/)
    expect(main).toMatch(/event\.senderFrame !== mainWindow\.webContents\.mainFrame/)
  })

  it('nothing in the built main or preload loosens a window', () => {
    const files = [...jsFiles(join(OUT, 'main')), ...jsFiles(join(OUT, 'preload'))]
    expect(files.length).toBeGreaterThan(1)
    const loose =
      /\b(sandbox|contextIsolation|webSecurity)\s*:\s*(false|!1)\b|\b(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|webviewTag|experimentalFeatures)\s*:\s*(true|!0)\b|appendSwitch\(\s*["'](no-sandbox|disable-web-security)|ignore-certificate-errors/
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(loose)
  })

  it('the built page carries the CSP and loads nothing remote or inline', () => {
    const html = readFileSync(join(OUT, 'renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
    expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(CONTENT_SECURITY_POLICY_META)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
  })

  it("the preload exposes one invoke function over one channel, a listener for main's events, and nothing of Node", () => {
    const preload = readFileSync(join(OUT, 'preload/index.cjs'), 'utf8')
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(preload).toMatch(
      new RegExp(
        `exposeInMainWorld\\("api", \\{\\s*invoke: \\(channel, input\\) => electron\\.ipcRenderer\\.invoke\\("${IPC_CHANNEL}", channel, input\\),`,
      ),
    )
    // Events: the page's listener gets the payload only, never Electron's event (whose sender is ipcRenderer).
    expect(preload).toMatch(/const relay = \(_e, payload\) => listener\(payload\);/)
    expect(preload).toMatch(new RegExp(`var IPC_EVENT = "${IPC_EVENT}"`))
    expect(preload.match(/ipcRenderer\.on\(/g)).toHaveLength(1)
    expect(preload).toMatch(/ipcRenderer\.on\(IPC_EVENT, relay\)/)
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron'])
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync)\b|\bprocess\.|\bBuffer\b/)
  })

  it('no channel lets the renderer pass a file path to main', () => {
    /**
     * Fields whose names look path-like but hold a note for people, which main stores and prints
     * and never opens: reviewed one by one. (A plan's "where the original is kept": a cabinet or a
     * shelf, as issue 5 asks.)
     */
    const FREE_TEXT_NOTES = new Set([
      'plans.create.originalLocation',
      'plans.update.fields.originalLocation',
      'plans.importCommit.plan.originalLocation',
    ])
    expect(grepMainForFsUse('originalLocation')).toEqual([])
    const found: string[] = []
    const PATHY = /path|file|dir|folder|directory|location|dest|src|url|uri/i
    const walk = (schema: z.ZodType, where: string, seen: Set<unknown>) => {
      if (seen.has(schema)) return
      seen.add(schema)
      const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
      const children: [string, z.ZodType][] = []
      if (def.type === 'object') {
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          // A string field named like a path that accepts a path is a way to name a file from the renderer.
          const takesPath = ['/etc/passwd', 'C:\\Windows\\win.ini', '../../x.sqlite'].some((p) => v.safeParse(p).success)
          if (PATHY.test(k) && takesPath && !FREE_TEXT_NOTES.has(`${where}.${k}`)) found.push(`${where}.${k}`)
          children.push([`${where}.${k}`, v])
        }
        if (def.catchall) children.push([`${where}.*`, def.catchall as z.ZodType])
      }
      for (const key of ['innerType', 'element', 'in', 'out', 'valueType', 'keyType']) {
        if (def[key]) children.push([where, def[key] as z.ZodType])
      }
      for (const key of ['options', 'items']) {
        if (Array.isArray(def[key])) for (const o of def[key] as z.ZodType[]) children.push([where, o])
      }
      if (typeof def.getter === 'function') children.push([where, (def.getter as () => z.ZodType)()])
      for (const [w, c] of children) walk(c, w, seen)
    }
    for (const name of CHANNEL_NAMES) walk(contract[name].input, name, new Set())
    expect(found).toEqual([])
    // The walk must find such a field where one exists, nested and optional, or an empty result means nothing.
    walk(z.object({ units: z.array(z.object({ sourceFile: z.string().optional() })) }).strict(), 'probe', new Set())
    expect(found).toEqual(['probe.units.sourceFile'])
  })
})

/** Source files of main that both mention `field` and touch the file system: a note field must never reach fs. */
function grepMainForFsUse(field: string): string[] {
  const hits: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8')
        if (text.includes(field) && /from 'node:fs|from 'fs/.test(text)) hits.push(p)
      }
    }
  }
  walk(join(ROOT, 'electron'))
  return hits
}
