import type { Result } from '@shared/contract/errors'

/*
 * The messages between the window's thread (router-host.ts) and the worker that owns the database
 * (router-worker.ts). Plain objects: they cross the thread boundary by structured clone.
 */

/** The ports only the window's thread can serve (dialogs need a window, PDF and print need Electron). */
export type PortName = 'chooseOpenFile' | 'chooseSaveFile' | 'chooseFolder' | 'htmlToPdf' | 'printHtml'

export interface WorkerOptions {
  dbPath: string
  /** Which of the optional ports the host serves (chooseOpenFile and chooseSaveFile always are). */
  ports: { chooseFolder: boolean; pdf: boolean; printer: boolean }
  /** How this process is named to a CLI restore that finds the database open (db-holders.ts). */
  programName?: string
  /** Fills an empty register with sample data (the app's --demo). */
  demo?: boolean
  /** The daily backup (checked hourly and at start) and one when the host closes, as the app does. */
  scheduledBackups?: boolean
}

export type ToWorker =
  | { type: 'invoke'; id: number; windowId: string; channel: unknown; input: unknown }
  | { type: 'port-reply'; id: number; ok: true; value: unknown }
  | { type: 'port-reply'; id: number; ok: false; message: string }
  | { type: 'close-window'; windowId: string }
  | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'port'; id: number; port: PortName; args: unknown[] }
  /** Anything the worker pushes without being asked (router change events, later): handed to the host's onEvent. */
  | { type: 'event'; event: unknown }
  | { type: 'closed' }
