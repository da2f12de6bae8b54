import type { systemChannels } from '@shared/contract/system'
import type { HandlerMap } from './types'

export const systemHandlers: HandlerMap<keyof typeof systemChannels> = {}
