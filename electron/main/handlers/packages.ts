import type { packageChannels } from '@shared/contract/packages'
import type { HandlerMap } from './types'

export const packageHandlers: HandlerMap<keyof typeof packageChannels> = {}
