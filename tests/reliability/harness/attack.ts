import { spawnSync } from 'node:child_process'
import { expect } from 'vitest'
import { CLI_BIN } from '../../helpers/cli'

/** What one run of the built command did: its exit code (null when it had to be stopped), and what it said. */
export interface AttackRun {
  label: string
  code: number | null
  stdout: string
  stderr: string
}

/** A hang is a failure like a crash: every run is stopped after this long. */
export const ATTACK_TIMEOUT_MS = 45_000

/** Runs `so-giam-ngheo` (bin/so-giam-ngheo.mjs over out/) in its own process, as a clerk would. */
export function attackCli(label: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): AttackRun {
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: ATTACK_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  })
  return { label, code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

/** A letter only Vietnamese has: every message a clerk reads is Vietnamese. */
export const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i

/** What must never reach the screen: a crash, a stack trace, an error's class name, SQLite's or Node's own words. */
const RAW: [RegExp, string][] = [
  [/fatal/i, 'a fatal error'],
  [/^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m, 'a stack trace'],
  [/^\w*Error:/m, 'an error class name'],
  [/\b\w+Error\b/, 'an error class name'],
  [/SQLITE_|constraint failed|database is locked|disk is full|no such table/i, "SQLite's own text"],
  [/\bE[A-Z]{3,}\b: |ENOENT|EACCES|EROFS|ENOSPC|EPIPE/, "Node's own error text"],
  [/Lỗi không mong đợi|lỗi không mong đợi/, 'an unexpected error'],
]

/** The process ended by itself with 0, 1 or 2, and said nothing raw. */
export function expectNoCrash(r: AttackRun): void {
  expect(r.code, `${r.label}: the process must end by itself with 0, 1 or 2\n${r.stdout}\n${r.stderr}`).not.toBeNull()
  expect([0, 1, 2], `${r.label}: exit code ${r.code}\n${r.stderr}`).toContain(r.code)
  const said = `${r.stdout}\n${r.stderr}`
  for (const [pattern, what] of RAW) expect(said, `${r.label}: ${what} reached the screen`).not.toMatch(pattern)
}

/** Refused: a non-zero exit with a Vietnamese message saying `why`. */
export function expectRefused(r: AttackRun, why: RegExp): void {
  expectNoCrash(r)
  expect(r.code, `${r.label}: must be refused\n${r.stdout}\n${r.stderr}`).not.toBe(0)
  expect(r.stderr + r.stdout, `${r.label}: the refusal must be in Vietnamese`).toMatch(VIETNAMESE)
  expect(r.stderr + r.stdout, `${r.label}: the refusal must say why`).toMatch(why)
}

/** Accepted: exit 0, saying `what`. */
export function expectAccepted(r: AttackRun, what: RegExp): void {
  expectNoCrash(r)
  expect(r.code, `${r.label}: must be accepted\n${r.stdout}\n${r.stderr}`).toBe(0)
  expect(r.stdout, r.label).toMatch(what)
  // (A refusal may quote a damaged cell, U+FFFD included, so the clerk finds it; what is accepted never holds one.)
  expect(r.stdout + r.stderr, `${r.label}: a damaged character (U+FFFD)`).not.toMatch(/\uFFFD/)
}
