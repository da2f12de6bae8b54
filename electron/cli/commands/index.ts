import type { Command } from '../command'

/**
 * The CLI's command modules, each loaded only when a command line starts with one of its words. A
 * spawned command then loads the libraries it uses and not the others' (ExcelJS, pdf-lib,
 * node-forge): loading everything was most of a command's start-up, paid again by every script
 * line and every test that runs the command. `help` loads them all.
 * tests/integration/cli-commands.test.ts checks that every command's first word is listed with
 * the module that defines it.
 */
export const COMMAND_MODULES: readonly { words: readonly string[]; load: () => Promise<Command[]> }[] = [
  { words: ['init'], load: async () => [(await import('./init')).initCommand] },
  { words: ['info'], load: async () => [(await import('./info')).infoCommand] },
  { words: ['households', 'classify', 'demo-data'], load: async () => (await import('./households')).householdCommands },
  { words: ['review', 'movements'], load: async () => (await import('./reviews')).reviewCommands },
  { words: ['plans', 'tasks'], load: async () => (await import('./plans')).planCommands },
  { words: ['report'], load: async () => (await import('./reports')).reportCommands },
  { words: ['package', 'receipt', 'keys', 'trust'], load: async () => (await import('./packages')).packageCommands },
  { words: ['backup', 'check', 'selftest-write'], load: async () => (await import('./system')).systemCommands },
  { words: ['users'], load: async () => (await import('./users')).userCommands },
  { words: ['province'], load: async () => (await import('./province')).provinceCommands },
]

/** The commands a line starting with `word` may name; every command when the word is unknown (for help). */
export async function loadCommands(word?: string): Promise<Command[]> {
  const named = COMMAND_MODULES.filter((m) => word !== undefined && m.words.includes(word))
  const modules = named.length ? named : COMMAND_MODULES
  return (await Promise.all(modules.map((m) => m.load()))).flat()
}
