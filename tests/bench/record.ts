import { appendFileSync } from 'node:fs'

export interface BenchResult {
  name: string
  /** The measured figure (e.g. median milliseconds). */
  value: number
  unit: string
  /** value ÷ the raw library's figure measured in the same run, when there is one. */
  ratio?: number
  /** The goal for the ratio, when the issue sets one. */
  target?: number
  note?: string
}

/** Appends one result for scripts/bench.mjs to print and (with --json) save. */
export function record(result: BenchResult): void {
  const out = process.env.SGN_BENCH_OUT
  const line = JSON.stringify(result)
  if (out) appendFileSync(out, `${line}\n`)
  else console.log(line)
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Times `fn` (ms), after `setup` which is not timed. */
export async function timeIt<T>(setup: () => Promise<T> | T, fn: (state: T) => Promise<unknown> | unknown): Promise<number> {
  const state = await setup()
  const t0 = performance.now()
  await fn(state)
  return performance.now() - t0
}
