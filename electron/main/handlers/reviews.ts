import type { reviewChannels } from '@shared/contract/reviews'
import type { HandlerMap } from './types'

export const reviewHandlers: HandlerMap<keyof typeof reviewChannels> = {}
