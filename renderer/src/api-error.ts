import type { ApiErrorShape } from '@shared/contract/errors'

/**
 * A failed call, carrying the typed error from main (code, Vietnamese message, field path). Apart
 * from api.ts, which needs the page's `window`, so error handling can be used and tested without one.
 */
export class ApiCallError extends Error {
  readonly code: ApiErrorShape['code']
  readonly path: ApiErrorShape['path']
  constructor(e: ApiErrorShape) {
    super(e.message)
    this.code = e.code
    this.path = e.path
  }
}
