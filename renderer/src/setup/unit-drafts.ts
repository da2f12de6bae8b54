import type { UnitDraft } from '@shared/domain/units'
import { fold } from '@shared/text/fold'

/**
 * The draft already in the list that `draft` would repeat: the same code (codes are unique in an
 * office, and main refuses a repeated one), or the same kind and name (ignoring accents and case)
 * under the same parent. -1 when it is new.
 */
export function duplicateOf(drafts: UnitDraft[], draft: UnitDraft): number {
  const code = draft.code?.trim() ?? ''
  const name = fold(draft.name)
  const parent = draft.parentIndex ?? null
  return drafts.findIndex(
    (d) =>
      (code !== '' && (d.code?.trim() ?? '') === code) ||
      (d.kind === draft.kind && (d.parentIndex ?? null) === parent && fold(d.name) === name),
  )
}

/**
 * Adds imported drafts (parents before children, `parentIndex` into `incoming`) to the list. A unit
 * already there is not added again: the units under it go under the one already listed, and its
 * name is returned among the repeats so the clerk is told at once.
 */
export function mergeDrafts(drafts: UnitDraft[], incoming: UnitDraft[]): { drafts: UnitDraft[]; repeated: string[] } {
  const merged = [...drafts]
  const repeated: string[] = []
  const placed: number[] = []
  for (const d of incoming) {
    const parentIndex = d.parentIndex == null ? null : (placed[d.parentIndex] ?? null)
    const draft = { ...d, parentIndex }
    const existing = duplicateOf(merged, draft)
    if (existing >= 0) {
      repeated.push(d.code ? `${d.name} (${d.code})` : d.name)
      placed.push(existing)
    } else {
      placed.push(merged.length)
      merged.push(draft)
    }
  }
  return { drafts: merged, repeated }
}

/** How many units sit under `index`, at any depth (removing it removes them too). */
export function descendantCount(drafts: UnitDraft[], index: number): number {
  const under = new Set<number>([index])
  drafts.forEach((d, i) => {
    if (d.parentIndex != null && under.has(d.parentIndex)) under.add(i)
  })
  return under.size - 1
}
