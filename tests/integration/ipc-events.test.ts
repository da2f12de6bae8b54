import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppEvent } from '@shared/contract/events'
import type { JobStatus } from '@shared/contract/jobs-types'
import { waitForJob } from '../../electron/main/services/jobs'
import { officeWithVillages } from '../helpers/households'
import { household } from '../helpers/review-flow'
import { signedInRouter } from '../helpers/session'
import { fixedClock, tempContext } from '../helpers/temp'

// Main tells the windows what changed (issue 14 item 5): through the real router, on a real
// register, with two windows (two routers) open on it.

const SAMPLE = resolve(import.meta.dirname, '../fixtures/danh-sach-ho-ngheo-mau.xlsx')

async function twoWindows() {
  const ctx = await tempContext({ now: fixedClock('2025-01-10T08:00:00Z').now })
  const { villages } = await officeWithVillages(ctx)
  const a = await signedInRouter(ctx, 'clerk')
  const b = await signedInRouter(ctx, 'admin')
  const heardA: AppEvent[] = []
  const heardB: AppEvent[] = []
  a.on((e) => heardA.push(e))
  b.on((e) => heardB.push(e))
  return { ctx, a, b, heardA, heardB, villageId: Object.values(villages)[0]! }
}

describe('events from main', () => {
  it('a write tells every window of the register what it changed; a read or a refused write tells nothing', async () => {
    const { a, heardA, heardB, villageId } = await twoWindows()

    const saved = await a.invoke('households.save', household(villageId, 'Hoàng Văn An', '037075000001', 2024, 1_000_000, [9, 10]))
    expect(saved.ok).toBe(true)
    expect(heardA).toEqual([{ topics: ['households'], channel: 'households.save' }])
    // The other window hears it too, and refreshes its list without being asked.
    expect(heardB).toEqual(heardA)

    heardA.length = 0
    heardB.length = 0
    expect((await a.invoke('households.list', {})).ok).toBe(true)
    expect((await a.invoke('households.save', { household: { headName: '' } })).ok).toBe(false)
    // Refused by the role gate (a clerk cannot add units): nothing changed, nothing said.
    expect((await a.invoke('units.add', { parentId: null, kind: 'commune', name: 'Xã Mới' })).ok).toBe(false)
    expect(heardA).toEqual([])
    expect(heardB).toEqual([])
  })

  it('a household import sends its progress and end as job events, then the households it changed', async () => {
    const { ctx, a, heardA, heardB } = await twoWindows()
    ctx.files = { chooseOpenFile: async () => SAMPLE, chooseSaveFile: async () => null }
    const pick = await a.invoke('households.import.pick', {})
    if (!pick.ok || (pick.data as { cancelled: boolean }).cancelled) throw new Error('pick failed')
    const { token } = pick.data as { token: string }
    heardA.length = 0
    const started = await a.invoke('households.import.start', { token, options: {} })
    if (!started.ok) throw new Error(started.error.message)
    const { jobId } = started.data as { jobId: string }
    // Nothing is written when the job starts: the households' news waits for its end.
    expect(heardA.filter((e) => 'topics' in e)).toEqual([])
    const end = await waitForJob(ctx, jobId)
    expect(end.state).toBe('done')
    // Let the last events out (they are sent as the job settles).
    await new Promise((ok) => setTimeout(ok, 10))

    const jobs = heardA.filter((e): e is { job: JobStatus } => 'job' in e).map((e) => e.job)
    expect(jobs.length).toBeGreaterThanOrEqual(2)
    expect(jobs.every((j) => j.jobId === jobId && j.kind === end.kind)).toBe(true)
    expect(jobs.slice(0, -1).every((j) => j.state === 'running')).toBe(true)
    // The last job event is the whole end status, result included: a window needs no poll to show it.
    expect(jobs.at(-1)).toEqual(end)
    expect(jobs.some((j) => j.state === 'running' && j.total > 0 && j.stage !== '')).toBe(true)
    // Then, once, what the import changed — after the job's end, so a window reloading then sees the rows.
    const topicsAt = heardA.findIndex((e) => 'topics' in e)
    expect(heardA.filter((e) => 'topics' in e)).toEqual([{ topics: ['households'], channel: 'households.import.start' }])
    expect(topicsAt).toBeGreaterThan(heardA.findIndex((e) => 'job' in e && e.job.state === 'done'))
    expect(heardB).toEqual(heardA)
  })
})
