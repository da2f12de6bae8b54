import type { planChannels } from '@shared/contract/plans'
import type { HandlerMap } from './types'

export const planHandlers: HandlerMap<keyof typeof planChannels> = {}
