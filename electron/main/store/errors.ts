/** Why a database could not be opened; each carries a message a clerk can act on. */
export type StoreErrorCode =
  | 'DB_NEWER'
  | 'DB_CORRUPT'
  | 'DB_NOT_DATABASE'
  | 'DB_MIGRATION_FAILED'
  /** on a read-only medium or folder: readable, not damaged, cannot be written */
  | 'DB_READ_ONLY'
  /** being restored by another process, or locked by a program that is not this app */
  | 'DB_BUSY'

export class StoreError extends Error {
  readonly code: StoreErrorCode
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}
