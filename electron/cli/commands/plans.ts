import type { Command } from '../command'

/** CLI commands of the domain: Kế hoạch, cơ quan, nhiệm vụ, thư đôn đốc. */
export const planCommands: Command[] = []
