import type { z } from 'zod'
import type { Access } from '../domain/users'

/** One renderer↔main channel: the schema of what goes in and of what comes back. */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
  /** One line saying what the channel does (shown in docs and error logs). */
  summary: string
  /**
   * Who may call it: 'public' (before sign-in: first run, sign-in itself), or the least role a
   * signed-in user needs. Defaults to 'clerk'; the router enforces it (design: secure by default).
   */
  access?: Access
  /**
   * The data a successful call may change, as topics. After such a call the router tells every
   * window of the register (`{ topics, channel }`), and pages showing those topics load again.
   * Absent: the channel writes nothing (tests/integration/ipc-outputs.test.ts calls every channel
   * and fails one that changed the database without declaring it).
   */
  changes?: readonly Topic[]
}

/** What a window may be showing and a write may change. */
export const TOPICS = [
  'office',
  'units',
  'households',
  'reviews',
  'targets',
  'plans',
  'agencies',
  'reports',
  'packages',
  'settings',
  'users',
] as const
export type Topic = (typeof TOPICS)[number]

export function channel<I extends z.ZodType, O extends z.ZodType>(c: Channel<I, O>): Channel<I, O> {
  return c
}
