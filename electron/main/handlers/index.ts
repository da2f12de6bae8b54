import type { ChannelName } from '@shared/contract'
import { appHandlers } from './app'
import { householdHandlers } from './households'
import { reviewHandlers } from './reviews'
import { planHandlers } from './plans'
import { reportHandlers } from './reports'
import { packageHandlers } from './packages'
import { systemHandlers } from './system'
import { userHandlers } from './users'
import type { HandlerMap } from './types'

/** Every channel of the contract bound to its service; the type fails to compile if one is missing. */
export const handlers: HandlerMap<ChannelName> = {
  ...appHandlers,
  ...householdHandlers,
  ...reviewHandlers,
  ...planHandlers,
  ...reportHandlers,
  ...packageHandlers,
  ...systemHandlers,
  ...userHandlers,
}
