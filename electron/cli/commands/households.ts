import type { Command } from '../command'

/** CLI commands of the domain: Hộ gia đình (sổ hộ, thành viên, phân loại, nhập Excel). */
export const householdCommands: Command[] = []
