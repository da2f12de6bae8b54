import type { z } from 'zod'
import { appChannels } from './app'

/**
 * The one list of renderer↔main channels. Each domain declares its channels in its own file and
 * is spread in here; main binds every key, the renderer's client is typed from it.
 */
export const contract = {
  ...appChannels,
}

export type Contract = typeof contract
export type ChannelName = keyof Contract
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[]

export * from './errors'
