import type { z } from 'zod'
import type { ChannelName, ChannelOutput, Contract } from '@shared/contract'
import type { ServiceContext } from '../services/context'

/** A handler receives the already-validated input of its channel. */
export type Handler<K extends ChannelName> = (ctx: ServiceContext, input: z.output<Contract[K]['input']>) => Promise<ChannelOutput<K>>
export type HandlerMap<K extends ChannelName> = { [P in K]: Handler<P> }
