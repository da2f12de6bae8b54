/**
 * Offsets at which to cut a file: the first bytes and the last bytes (where headers and tags live)
 * always, and random offsets in between up to `count` distinct values, all below `size`.
 */
export function cutOffsets(size: number, count: number, random: () => number): number[] {
  const chosen = new Set<number>()
  for (const o of [0, 1, 4, 7, 8, 11, 12, 13, size - 1, size - 2, size - 16, size - 17, size - 32, size - 33, Math.floor(size / 2)]) {
    if (o >= 0 && o < size) chosen.add(o)
  }
  while (chosen.size < Math.min(count, size)) chosen.add(Math.floor(random() * size))
  return [...chosen].sort((a, b) => a - b)
}

/** An artifact someone carries away (a backup, a report package) and the reader that must refuse a damaged one. */
export interface ArtifactSubject {
  name: string
  /** Writes one good artifact into `dir` and returns its path. */
  make(dir: string): Promise<string>
  /** Resolves when the file is accepted, rejects when refused. */
  verify(file: string): Promise<unknown>
  /** The refusal must be the reader's own clear error, not a crash from deep inside. */
  isRefusal(e: unknown): boolean
  /** How many cut points (at least 100) and how many flipped bytes to try. */
  cuts: number
  flips: number
}
