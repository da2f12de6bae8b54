import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import type { Topic } from '@shared/contract/channel'
import type { Result } from '@shared/contract/errors'
import type { AppEvent } from '@shared/contract/events'
import type { JobStatus } from '@shared/contract/jobs-types'
import { ApiCallError } from './api-error'

export { ApiCallError }

/** What the preload exposes (and what the end-to-end harness provides in its place). */
export interface BridgeApi {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  /** Main's events (what a write changed, how a job stands); returns the unsubscribe. */
  on(listener: (event: AppEvent) => void): () => void
}

declare global {
  interface Window {
    api: BridgeApi
  }
}

export const UNAUTHENTICATED_EVENT = 'sgn:unauthenticated'

/** Calls a channel of the contract; input and output types come from the same declaration main uses. */
export async function call<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const result = await window.api.invoke(channel, input)
  if (!result.ok) {
    // Main locked the session (inactivity) or nobody is signed in: the shell shows the sign-in screen.
    if (result.error.code === 'UNAUTHENTICATED' && channel !== 'auth.signIn') window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT))
    throw new ApiCallError(result.error)
  }
  return result.data as ChannelOutput<K>
}

/** Calls `cb` whenever main says a write changed one of `topics` (in this window or another). */
export function onChange(topics: readonly Topic[], cb: (changed: readonly Topic[]) => void): () => void {
  return window.api.on((e) => {
    if ('topics' in e && e.topics.some((x) => topics.includes(x))) cb(e.topics)
  })
}

/** Calls `cb` with each status main sends for one job (progress, then its end). */
export function onJob(jobId: string, cb: (status: JobStatus) => void): () => void {
  return window.api.on((e) => {
    if ('job' in e && e.job.jobId === jobId) cb(e.job)
  })
}
