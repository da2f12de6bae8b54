import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'
import { runAndKill } from './kill'
import { runSeed, seededRandom } from './random'
import type { KillSubject } from '../kill-subjects'

/**
 * Kills per subject: the subject's count, times SGN_KILL_TRIALS (default 1). The counts are sized
 * for CI's time budget on 2 cores; every run draws new kill points (a new seed, printed on
 * failure), so runs add up. SGN_KILL_TRIALS=5 (for example) is a deeper soak before a release.
 */
const trialsOf = (subject: KillSubject): number => {
  const scale = Number(process.env.SGN_KILL_TRIALS ?? 1)
  return Math.max(1, Math.round(subject.trials * (Number.isFinite(scale) && scale > 0 ? scale : 1)))
}

// Each trial starts a CLI process and may retry; on a loaded 2-core machine one can take 15 s or more.
const KILL_TEST_TIMEOUT = (subjects: readonly KillSubject[]) => 120_000 + Math.max(...subjects.map(trialsOf)) * 20_000

/**
 * The kill -9 suite over some subjects. The subjects are split over two test files so the two
 * reliability workers share them (one file runs on one worker, its tests one after another).
 */
export function killSuite(title: string, subjects: readonly KillSubject[]): void {
  describe(title, { timeout: KILL_TEST_TIMEOUT(subjects) }, () => {
    for (const subject of subjects) {
      it(`${subject.name}: every kill leaves a sound database holding all or none of the operation`, async () => {
        const seed = runSeed()
        const random = seededRandom(seed)
        const dir = tempDir('sgn-kill-')
        await subject.setup(dir)
        const env = typeof subject.env === 'function' ? subject.env(dir) : subject.env

        // Calibration: one uninterrupted run tells how long the operation takes after its trigger.
        subject.beforeEach?.(dir)
        const full = await runAndKill(subject.args(dir, 0), subject.trigger(dir), null, env)
        expect(full.exitCode, `${subject.name} without a kill: ${full.stderr}`).toBe(0)
        expect(full.triggered, 'the trigger fires during a normal run').toBe(true)
        await subject.check(dir, full)
        let span = Math.max(full.afterTriggerMs, 20)

        const tally = new Map<string, number>()
        let killed = 0
        let attempt = 0
        // Kill until `trials` kills have hit a running process. On a shared machine one run can take
        // twice as long as the next, so a kill that lands after the exit recalibrates the window from
        // that run instead of counting; the attempts are bounded.
        const trials = trialsOf(subject)
        while (killed < trials && attempt < trials * 3) {
          attempt++
          subject.beforeEach?.(dir)
          const delay = Math.floor(random() * span * 0.9)
          const outcome = await runAndKill(subject.args(dir, attempt), subject.trigger(dir), delay, env)
          if (outcome.killed) killed++
          else span = Math.max(Math.min(span, outcome.afterTriggerMs), 20)
          let label: string
          try {
            label = await subject.check(dir, outcome)
          } catch (e) {
            throw new Error(
              `${subject.name}: attempt ${attempt} (kill ${delay} ms after the trigger, seed ${seed}): ${(e as Error).message}`,
              {
                cause: e,
              },
            )
          }
          tally.set(label, (tally.get(label) ?? 0) + 1)
        }
        // Every trial must be a kill that hit a running process, or the test proves nothing.
        expect(killed, `kills that hit a running process (seed ${seed}, ${attempt} attempts, tally ${JSON.stringify([...tally])})`).toBe(
          trials,
        )
      })
    }
  })
}
