import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import type { Result } from '@shared/contract/errors'
import { ApiCallError } from './api-error'

export { ApiCallError }

/** What the preload exposes (and what the end-to-end harness provides in its place). */
export interface BridgeApi {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
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
