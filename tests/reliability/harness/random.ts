/** A small seeded generator (mulberry32) so a failing trial can be replayed from the seed in its message. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The seed for this run: SGN_SEED replays a failure, otherwise a new one each run (printed on failure). */
export function runSeed(): number {
  const fixed = Number(process.env.SGN_SEED)
  return Number.isInteger(fixed) ? fixed : Math.floor(Math.random() * 2 ** 31)
}
