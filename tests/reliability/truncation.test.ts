import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp'
import { runSeed, seededRandom } from './harness/random'
import { cutOffsets } from './harness/truncate'
import { ARTIFACT_SUBJECTS } from './artifact-subjects'

async function expectRefused(subject: (typeof ARTIFACT_SUBJECTS)[number], file: string, what: string): Promise<void> {
  const error = await subject.verify(file).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, `${subject.name}: ${what} was accepted`).not.toBeNull()
  expect(subject.isRefusal(error), `${subject.name}: ${what} failed with ${String(error)} instead of a clear refusal`).toBe(true)
  expect((error as Error).message).toMatch(/[À-ỹ]/)
}

describe('damaged artifacts are refused', () => {
  for (const subject of ARTIFACT_SUBJECTS) {
    it(`${subject.name}: truncated at ≥ 100 offsets, or with a flipped byte, it is refused`, { timeout: 120_000 }, async () => {
      const seed = runSeed()
      const random = seededRandom(seed)
      const dir = tempDir('sgn-trunc-')
      const good = await subject.make(dir)
      await subject.verify(good) // the untouched file is accepted, so a refusal below means something
      const bytes = readFileSync(good)
      const damaged = join(dir, 'damaged')

      const cuts = cutOffsets(bytes.length, subject.cuts, random)
      expect(cuts.length).toBeGreaterThanOrEqual(100)
      for (const at of cuts) {
        writeFileSync(damaged, bytes.subarray(0, at))
        await expectRefused(subject, damaged, `cut at ${at} of ${bytes.length} (seed ${seed})`)
      }

      for (let i = 0; i < subject.flips; i++) {
        const at = Math.floor(random() * bytes.length)
        const copy = Buffer.from(bytes)
        copy[at] = copy[at]! ^ (1 + Math.floor(random() * 255))
        writeFileSync(damaged, copy)
        await expectRefused(subject, damaged, `byte ${at} of ${bytes.length} changed (seed ${seed})`)
      }
    })
  }
})
