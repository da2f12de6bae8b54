import type { ChannelName } from '@shared/contract'
import { appChannels } from '@shared/contract/app'
import { householdChannels } from '@shared/contract/households'
import { packageChannels } from '@shared/contract/packages'
import { planChannels } from '@shared/contract/plans'
import { reportChannels } from '@shared/contract/reports'
import { reviewChannels } from '@shared/contract/reviews'
import { systemChannels } from '@shared/contract/system'
import { userChannels } from '@shared/contract/users'
import type { Handler } from './types'

/**
 * Each domain's handlers, loaded the first time one of its channels is called: a command line
 * (one router call or a few) then loads only the libraries its channels use, not ExcelJS, pdf-lib
 * and node-forge for every `info` — loading every handler doubled a command's start. Each module
 * is typed `HandlerMap` of its contract domain, so a channel without a handler does not compile.
 */
const DOMAINS = [
  { channels: appChannels, load: async () => (await import('./app')).appHandlers },
  { channels: householdChannels, load: async () => (await import('./households')).householdHandlers },
  { channels: reviewChannels, load: async () => (await import('./reviews')).reviewHandlers },
  { channels: planChannels, load: async () => (await import('./plans')).planHandlers },
  { channels: reportChannels, load: async () => (await import('./reports')).reportHandlers },
  { channels: packageChannels, load: async () => (await import('./packages')).packageHandlers },
  { channels: systemChannels, load: async () => (await import('./system')).systemHandlers },
  { channels: userChannels, load: async () => (await import('./users')).userHandlers },
] as const

type ListedChannel<D> = D extends { channels: infer C } ? keyof C : never
// Does not compile when a domain of the contract is missing above.
export const EVERY_DOMAIN_LISTED: [ChannelName] extends [ListedChannel<(typeof DOMAINS)[number]>] ? true : never = true

const loaded = new Map<(typeof DOMAINS)[number], Promise<Record<string, unknown>>>()

/** The handler of a channel of the contract (the router has checked the name). */
export async function loadHandler<K extends ChannelName>(name: K): Promise<Handler<K>> {
  const domain = DOMAINS.find((d) => Object.hasOwn(d.channels, name))
  if (!domain) throw new Error(`no handler module for ${name}`)
  let handlers = loaded.get(domain)
  if (!handlers) loaded.set(domain, (handlers = domain.load() as Promise<Record<string, unknown>>))
  return (await handlers)[name] as Handler<K>
}
