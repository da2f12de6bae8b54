import type { reportChannels } from '@shared/contract/reports'
import type { HandlerMap } from './types'

export const reportHandlers: HandlerMap<keyof typeof reportChannels> = {}
