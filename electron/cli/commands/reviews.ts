import type { Command } from '../command'

/** CLI commands of the domain: Rà soát hằng năm, biến động, chỉ tiêu. */
export const reviewCommands: Command[] = []
