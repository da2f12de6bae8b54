import { isAbsolute, join } from 'node:path'
import type { FilePorts } from '../../electron/main/services/context'

/**
 * The answers a clerk would give main's file dialogs, queued by the test before the action that opens
 * one. A dialog that opens with nothing queued, or an answer left unused when the test ends, fails the
 * test: a test states every file the clerk picks, and nothing picks a file the test did not expect.
 */
export interface DialogQueue {
  /** Answers the next open-file dialogs, in order (null: the clerk cancels). */
  open(...paths: (string | null)[]): void
  /**
   * Answers the next save dialogs: a file name (saved in the scenario's folder), a full path, null to
   * cancel, or nothing at all to accept the name the program suggests (in the scenario's folder).
   */
  save(...answers: (string | null)[]): void
  /** Answers the next folder dialogs (the USB stick, the backup folder). */
  folder(...paths: (string | null)[]): void
  /** Every path a save dialog was answered with, in order. */
  readonly saved: string[]
}

type Kind = 'open' | 'save' | 'folder'
const ACCEPT = Symbol('accept the suggested name')
type Answer = string | null | typeof ACCEPT

export function dialogQueue(dir: string): DialogQueue & { ports: FilePorts; leftovers(): string[] } {
  const queues: Record<Kind, Answer[]> = { open: [], save: [], folder: [] }
  const unexpected: string[] = []
  const saved: string[] = []
  const next = (kind: Kind, title: string): Answer => {
    if (queues[kind].length === 0) {
      unexpected.push(`${kind} dialog "${title}" opened with no answer queued`)
      return null
    }
    return queues[kind].shift()!
  }
  const inDir = (p: string) => (isAbsolute(p) ? p : join(dir, p))
  return {
    open: (...paths) => queues.open.push(...paths),
    save: (...answers) => queues.save.push(...(answers.length ? answers : [ACCEPT as Answer])),
    folder: (...paths) => queues.folder.push(...paths),
    saved,
    ports: {
      async chooseOpenFile({ title }) {
        const a = next('open', title)
        return typeof a === 'string' ? inDir(a) : null
      },
      async chooseSaveFile({ title, defaultName }) {
        const a = next('save', title)
        if (a === null) return null
        const path = inDir(a === ACCEPT ? defaultName : a)
        saved.push(path)
        return path
      },
      async chooseFolder({ title }) {
        const a = next('folder', title)
        return typeof a === 'string' ? inDir(a) : null
      },
    },
    leftovers: () => [
      ...unexpected,
      ...(Object.keys(queues) as Kind[]).flatMap((k) => queues[k].map((a) => `${k} answer never used: ${String(a)}`)),
    ],
  }
}
