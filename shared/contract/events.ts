import type { Topic } from './channel'
import type { JobStatus } from './jobs-types'

/**
 * What main tells the windows without being asked: that a write changed some topics (after a
 * successful call of a channel that declares `changes`), or how a background job stands now.
 */
export type AppEvent = { topics: readonly Topic[]; channel: string } | { job: JobStatus }
