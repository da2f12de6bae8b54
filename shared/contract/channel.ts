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
}

export function channel<I extends z.ZodType, O extends z.ZodType>(c: Channel<I, O>): Channel<I, O> {
  return c
}
