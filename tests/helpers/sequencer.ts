import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const ROOT = resolve(import.meta.dirname, '../..')
const DURATIONS = resolve(ROOT, 'tests/durations.json')

/**
 * Runs the longest test files first within each group, so the two workers finish together instead
 * of one starting a two-minute file when the other has nothing left. Vitest does this from its own
 * results cache, but a fresh clone (CI) has none and falls back to file size, which says nothing of
 * a seven-line file that kills a process a hundred times. So the durations of a full run are kept in
 * `tests/durations.json` (seconds per file; `node scripts/test-durations.mjs` refreshes it after
 * `npm test`). A file not listed yet runs first, as Vitest does for files it has not seen.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const grouped = await super.sort(files) // groups, projects and Vitest's own order
    let known: Record<string, number> = {}
    try {
      known = JSON.parse(readFileSync(DURATIONS, 'utf8')) as Record<string, number>
    } catch {
      return grouped // no list: Vitest's order
    }
    const seconds = (spec: TestSpecification) => known[relative(ROOT, spec.moduleId).split('\\').join('/')] ?? Infinity
    const position = new Map(grouped.map((spec, i) => [spec, i]))
    return [...grouped].sort((a, b) => {
      const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder
      if (group !== 0) return group
      if (a.project.name !== b.project.name) return position.get(a)! - position.get(b)!
      const byTime = seconds(b) - seconds(a)
      return Number.isNaN(byTime) || byTime === 0 ? position.get(a)! - position.get(b)! : byTime
    })
  }
}
