import type { Command } from '../command'
import { infoCommand } from './info'
import { initCommand } from './init'

/** Every CLI command; later domains append theirs. */
export const COMMANDS: Command[] = [initCommand, infoCommand]
