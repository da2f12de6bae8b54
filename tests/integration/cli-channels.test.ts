import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHANNEL_NAMES } from '../../shared/contract'
import { loadCommands } from '../../electron/cli/commands'
import { cliInProcess } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

const ROOT = resolve(import.meta.dirname, '../..')
const sourcesIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }))

/** Value imports (not `import type`) of a source file, by module specifier. */
const valueImports = (text: string) => [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!)

/**
 * Every command of the CLI and the router channels it calls, in the order it calls them: the
 * window's own channels wherever the window does the same thing. runCli refuses a call to a
 * channel a command did not declare, so every CLI test checks these at run time as well.
 */
const CHANNELS_OF: Record<string, readonly string[] | 'without the router'> = {
  init: ['office.create'],
  info: ['app.info', 'office.get', 'units.list', 'households.list'],
  'demo-data': ['households.demoData'],
  'households import': [
    'households.import.pick',
    'households.import.start',
    'jobs.status',
    'households.import.saveErrorReport',
    'files.release',
  ],
  'households list': ['households.list', 'households.listFrom'],
  // With no register, classify uses the shipped standards and the shared pure function, as the window does with its own.
  classify: ['households.standards'],
  'review open': ['review.open', 'review.status'],
  'review status': ['review.status'],
  'review apply': ['review.findCase', 'review.addApplicant'],
  'review survey': ['review.findCase', 'review.case', 'households.standards', 'review.survey'],
  'review restandard': ['review.restandardPreview', 'review.restandard'],
  movements: ['movements.get'],
  'plans import': ['plans.importPick', 'plans.list', 'plans.importCommit'],
  'tasks due': ['tasks.due'],
  report: ['reports.list', 'units.list', 'reports.export'],
  'keys create': ['packages.key.create'],
  'keys import': ['packages.key.importP12'],
  'keys export-cert': ['packages.key.exportCert'],
  'keys show': ['packages.key.get'],
  'trust add': ['packages.trust.pick', 'packages.trust.add'],
  'trust list': ['packages.trust.list'],
  'trust revoke': ['packages.trust.revoke'],
  'keys token-list': ['packages.token.list'],
  'keys use-token': ['packages.token.list', 'packages.token.use'],
  'trust add-ca': ['packages.trust.addCa'],
  'trust add-crl': ['packages.trust.addCrl'],
  'trust list-ca': ['packages.trust.listCa'],
  'package export': ['packages.export', 'jobs.status'],
  'package verify': ['packages.verify'],
  // `--preview` stops after packages.pick; otherwise packages.importFile reads the file once, as a job.
  'package import': ['packages.pick', 'packages.importFile', 'jobs.status'],
  'package reject': ['packages.pick', 'packages.reject'],
  'package list': ['packages.sent.list', 'packages.received.list'],
  'package summary': ['packages.summary'],
  'receipt create': ['packages.receipt.create'],
  'receipt import': ['packages.receipt.import'],
  'province expected import': ['province.importExpected'],
  'province expected': ['province.expected'],
  'backup create': ['system.backup.createTo'],
  'backup restore': 'without the router',
  check: 'without the router',
  'selftest-write': 'without the router',
  'users add': ['users.create'],
  'users reset-password': ['users.list', 'users.resetPassword'],
  'users list': ['users.list'],
}

/**
 * What a command module may take from main besides types: the default database path, and main's
 * reader of a file the user named (for options that name several files for one question).
 */
const ALLOWED_FROM_MAIN = ['../../main/paths', '../../main/export/input/input-file']

describe('the CLI goes through the router', () => {
  it('lists every command with the channels it calls', async () => {
    const declared = Object.fromEntries(
      (await loadCommands()).map((c) => [c.name.join(' '), c.withoutRouter ? 'without the router' : [...c.channels]]),
    )
    expect(declared).toEqual(CHANNELS_OF)
  })

  it('a command calls exactly the channels listed for it (init, info, users add, users list, traced)', async () => {
    const db = join(tempDir(), 'xa.sqlite')
    const run = async (...args: string[]) => {
      const r = await cliInProcess(['--db', db, ...args], { env: { SGN_TEST_PASS: 'mat-khau-du-dai-1' } })
      expect(r.code, r.stderr).toBe(0)
      return r.channels
    }
    expect(await run('init', '--office-code', '14563', '--office-name', 'UBND xã Tân Thành', '--province-code', '37')).toEqual(
      CHANNELS_OF.init,
    )
    expect(await run('info')).toEqual(CHANNELS_OF.info)
    const add = ['users', 'add', '--username', 'canbo', '--name', 'Nguyễn Văn An', '--role', 'clerk', '--password-env', 'SGN_TEST_PASS']
    expect(await run(...add)).toEqual(CHANNELS_OF['users add'])
    expect(await run('users', 'list')).toEqual(CHANNELS_OF['users list'])
    // The router's checks hold at the command line too: a second account of the same name is refused.
    const again = await cliInProcess(['--db', db, ...add], { env: { SGN_TEST_PASS: 'mat-khau-du-dai-1' } })
    expect(again.code).toBe(1)
    expect(again.channels).toEqual(['users.create'])
  })

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
      const reaching = valueImports(text).filter((m) => m.startsWith('../../main/') && !ALLOWED_FROM_MAIN.includes(m))
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
