import type { Command } from '../command'

/** CLI commands of the domain: Danh mục báo cáo và ba cách trình bày. */
export const reportCommands: Command[] = []
