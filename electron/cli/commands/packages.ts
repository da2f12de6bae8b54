import type { Command } from '../command'

/** CLI commands of the domain: Khóa của đơn vị, gói báo cáo ký số, tin cậy và biên nhận của tỉnh. */
export const packageCommands: Command[] = []
