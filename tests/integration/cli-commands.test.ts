import { describe, expect, it } from 'vitest'
import { COMMAND_MODULES, loadCommands } from '../../electron/cli/commands'
import { cliInProcess } from '../helpers/cli'

describe('the CLI loads a command module by the first word of the line', () => {
  it('lists every command under the first word it is typed with, each word with one module only', async () => {
    const words = COMMAND_MODULES.flatMap((m) => m.words)
    expect(new Set(words).size, 'a word names one module').toBe(words.length)
    for (const module of COMMAND_MODULES) {
      const commands = await module.load()
      expect(commands.length).toBeGreaterThan(0)
      const first = new Set(commands.map((c) => c.name[0]!))
      // A command whose first word is missing here would be "Lệnh không rõ" when typed.
      for (const c of commands) expect(module.words, `"${c.name.join(' ')}"`).toContain(c.name[0])
      // A listed word no command starts with would load a module for nothing.
      for (const w of module.words) expect(first, `word "${w}"`).toContain(w)
    }
  })

  it('finds a command through its module, and help still lists them all', async () => {
    const all = await loadCommands()
    const forPackage = await loadCommands('package')
    expect(forPackage.some((c) => c.name.join(' ') === 'package export')).toBe(true)
    expect(forPackage.length).toBeLessThan(all.length)
    const help = await cliInProcess(['help'])
    expect(help.code).toBe(0)
    for (const c of all) expect(help.stdout).toContain(c.usage)
    const unknown = await cliInProcess(['khong-co-lenh'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^Lệnh không rõ: khong-co-lenh/)
  })
})
