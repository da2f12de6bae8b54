import type { Command } from '../command'
import { infoCommand } from './info'
import { initCommand } from './init'
import { householdCommands } from './households'
import { reviewCommands } from './reviews'
import { planCommands } from './plans'
import { reportCommands } from './reports'
import { packageCommands } from './packages'
import { systemCommands } from './system'
import { userCommands } from './users'
import { provinceCommands } from './province'

/** Every CLI command; later domains append theirs. */
export const COMMANDS: Command[] = [
  initCommand,
  infoCommand,
  ...householdCommands,
  ...reviewCommands,
  ...planCommands,
  ...reportCommands,
  ...packageCommands,
  ...systemCommands,
  ...userCommands,
  ...provinceCommands,
]
