import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

const BIN = resolve(import.meta.dirname, '../../../bin/so-giam-ngheo.mjs')

/** When the clock for the kill starts. */
export type KillTrigger =
  /** as soon as the child is spawned */
  | { kind: 'spawn' }
  /** when the child prints a line matching this (e.g. a progress marker printed inside the transaction) */
  | { kind: 'stdout'; marker: RegExp }
  /** when this file (e.g. the database's -wal) grows past its size at spawn by `bytes` */
  | { kind: 'fileGrows'; path: string; bytes: number }

export interface TrialOutcome {
  /** True when SIGKILL hit a running process; false when it had already exited on its own. */
  killed: boolean
  /** The trigger fired (the operation had visibly started). */
  triggered: boolean
  exitCode: number | null
  stdout: string
  stderr: string
  /** Milliseconds from the trigger to the end of the process. */
  afterTriggerMs: number
}

/**
 * Runs the built CLI with `args` and sends SIGKILL `delayMs` after the trigger fires: a real kill -9,
 * so no handler, finally block or exit hook runs. Resolves when the process is gone.
 */
export function runAndKill(
  args: string[],
  trigger: KillTrigger,
  delayMs: number | null,
  env: NodeJS.ProcessEnv = {},
): Promise<TrialOutcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let triggeredAt: number | null = null
    let killTimer: NodeJS.Timeout | null = null
    let poll: NodeJS.Timeout | null = null
    let exited = false
    let killed = false
    const fire = () => {
      if (triggeredAt !== null) return
      triggeredAt = Date.now()
      if (poll) clearInterval(poll)
      if (delayMs === null) return
      killTimer = setTimeout(() => {
        if (!exited) killed = child.kill('SIGKILL')
      }, delayMs)
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (trigger.kind === 'stdout' && trigger.marker.test(stdout)) fire()
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    if (trigger.kind === 'spawn') fire()
    if (trigger.kind === 'fileGrows') {
      const start = existsSync(trigger.path) ? statSync(trigger.path).size : 0
      poll = setInterval(() => {
        if (existsSync(trigger.path) && statSync(trigger.path).size >= start + trigger.bytes) fire()
      }, 2)
    }
    child.on('error', fail)
    child.on('exit', (code) => {
      exited = true
      if (killTimer) clearTimeout(killTimer)
      if (poll) clearInterval(poll)
      done({
        killed: killed && code === null,
        triggered: triggeredAt !== null,
        exitCode: code,
        stdout,
        stderr,
        afterTriggerMs: triggeredAt === null ? 0 : Date.now() - triggeredAt,
      })
    })
  })
}
