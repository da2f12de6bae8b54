import type { Command } from '../command'

/** CLI commands of the domain: Người dùng, vai trò, sao lưu, kiểm tra. */
export const systemCommands: Command[] = []
