import type { z } from 'zod'

/** One renderer↔main channel: the schema of what goes in and of what comes back. */
export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I
  output: O
  /** One line saying what the channel does (shown in docs and error logs). */
  summary: string
}

export function channel<I extends z.ZodType, O extends z.ZodType>(c: Channel<I, O>): Channel<I, O> {
  return c
}
