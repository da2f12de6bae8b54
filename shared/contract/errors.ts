import { z } from 'zod'

/** Every failure that crosses the renderer↔main boundary has one of these codes. */
export const ERROR_CODES = [
  'BAD_INPUT', // the input did not match the channel's schema, or broke a business rule
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT', // e.g. a duplicate code, or the office is already set up
  'NOT_SET_UP', // the office profile has not been created yet
  'UNAUTHENTICATED', // nobody is signed in, or the session locked after inactivity
  'FORBIDDEN', // signed in, but the role does not allow it
  'CANCELLED',
  'UNSUPPORTED', // this host cannot do that: no folder dialog (a test, the CLI), no printer; `unsupported()` words it
  'INTERNAL',
] as const
export type ApiErrorCode = (typeof ERROR_CODES)[number]

export const ApiErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  /** Plain Vietnamese, shown to the clerk as is. */
  message: z.string(),
  /** Where in the input the problem is, e.g. ["units", 2, "name"]; empty when it is not one field. */
  path: z.array(z.union([z.string(), z.number()])),
})
export type ApiErrorShape = z.infer<typeof ApiErrorSchema>

/** Services throw this; the IPC router turns it into an `{ ok: false, error }` answer. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly path: (string | number)[]
  constructor(code: ApiErrorCode, message: string, path: (string | number)[] = []) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.path = path
  }
  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, path: this.path }
  }
}

/** The one error for "this host cannot do that" (no folder dialog, no printer), with what to do instead. */
export function unsupported(what: string, instead?: string): ApiError {
  return new ApiError('UNSUPPORTED', `${what} trong môi trường này.${instead ? ` ${instead}` : ''}`)
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiErrorShape }
