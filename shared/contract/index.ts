import type { z } from 'zod'
import { appChannels } from './app'
import { householdChannels } from './households'
import { reviewChannels } from './reviews'
import { planChannels } from './plans'
import { reportChannels } from './reports'
import { packageChannels } from './packages'
import { systemChannels } from './system'
import { userChannels } from './users'

/**
 * The one list of renderer↔main channels. Each domain declares its channels in its own file and
 * is spread in here; main binds every key, the renderer's client is typed from it.
 */
export const contract = {
  ...appChannels,
  ...householdChannels,
  ...reviewChannels,
  ...planChannels,
  ...reportChannels,
  ...packageChannels,
  ...systemChannels,
  ...userChannels,
}

export type Contract = typeof contract
export type ChannelName = keyof Contract
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[]

export * from './errors'
