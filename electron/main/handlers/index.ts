import type { ChannelName } from '@shared/contract'
import { appHandlers } from './app'
import type { HandlerMap } from './types'

/** Every channel of the contract bound to its service; the type fails to compile if one is missing. */
export const handlers: HandlerMap<ChannelName> = {
  ...appHandlers,
}
