import type { householdChannels } from '@shared/contract/households'
import type { HandlerMap } from './types'

export const householdHandlers: HandlerMap<keyof typeof householdChannels> = {}
