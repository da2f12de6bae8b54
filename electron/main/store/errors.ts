/** Why a database could not be opened; each carries a message a clerk can act on. */
export type StoreErrorCode = 'DB_NEWER' | 'DB_CORRUPT' | 'DB_NOT_DATABASE' | 'DB_MIGRATION_FAILED'

export class StoreError extends Error {
  readonly code: StoreErrorCode
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}
