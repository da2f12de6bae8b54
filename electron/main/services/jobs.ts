import { randomUUID } from 'node:crypto'
import { ApiError } from '@shared/contract/errors'
import type { JobStatus } from '@shared/contract/jobs-types'
import { reasonOf, systemErrorMessage } from '../store/errors'
import type { ServiceContext } from './context'

/** What a running job can do: report progress and ask whether it should stop. */
export interface JobControl {
  progress(stage: string, done: number, total: number): void
  /** Throws CancelledError once cancel was requested; call it between chunks of work. */
  checkpoint(): void
  readonly cancelled: boolean
}

/** The control of work nobody watches or cancels (the CLI, tests): progress goes nowhere. */
export const unattended: JobControl = { progress() {}, checkpoint() {}, cancelled: false }

/** Whether a job of this kind is running on this register (one package export at a time). */
export function isJobRunning(ctx: ServiceContext, kind: string): boolean {
  for (const j of registry(ctx).values()) if (j.status.kind === kind && j.status.state === 'running') return true
  return false
}

export class CancelledError extends Error {
  constructor() {
    super('Đã hủy theo yêu cầu; dữ liệu không thay đổi.')
  }
}

interface Job {
  status: JobStatus
  cancel: boolean
  finishedAt: number | null
}

// Jobs live in memory next to the database they work on: they end with the process, as the work does.
// Keyed by the store, not the context, because the router hands each window its own scoped context.
const registries = new WeakMap<object, Map<string, Job>>()
const KEEP_FINISHED_MS = 10 * 60_000
// Progress goes to the windows at most this often (an import reports every chunk); start and end always.
const PROGRESS_EVENT_MS = 100

function registry(ctx: ServiceContext): Map<string, Job> {
  let r = registries.get(ctx.store)
  if (!r) registries.set(ctx.store, (r = new Map()))
  return r
}

/**
 * Starts `work` in the background and returns its id at once. The work must yield to the event
 * loop now and then (await between chunks), or progress events and Cancel cannot get through.
 */
export function startJob<R>(ctx: ServiceContext, kind: string, work: (control: JobControl) => Promise<R>): string {
  const jobs = registry(ctx)
  const now = Date.now()
  for (const [id, j] of jobs) if (j.finishedAt !== null && now - j.finishedAt > KEEP_FINISHED_MS) jobs.delete(id)
  const jobId = randomUUID()
  const job: Job = {
    status: { jobId, kind, state: 'running', stage: '', done: 0, total: 0, result: null, error: null },
    cancel: false,
    finishedAt: null,
  }
  jobs.set(jobId, job)
  // The windows follow the job by these events (services/events.ts) instead of polling jobs.status.
  // A new stage is always told; counts within a stage at most every PROGRESS_EVENT_MS.
  let lastSent = 0
  const tell = (always: boolean) => {
    const at = Date.now()
    if (!always && at - lastSent < PROGRESS_EVENT_MS) return
    lastSent = at
    ctx.events?.emit({ job: { ...job.status } })
  }
  const control: JobControl = {
    progress(stage, done, total) {
      const newStage = stage !== job.status.stage
      Object.assign(job.status, { stage, done, total })
      tell(newStage)
    },
    checkpoint() {
      if (job.cancel) throw new CancelledError()
    },
    get cancelled() {
      return job.cancel
    },
  }
  void Promise.resolve()
    .then(() => work(control))
    .then(
      (result) => Object.assign(job.status, { state: 'done', result }),
      (e: unknown) => {
        if (e instanceof CancelledError) Object.assign(job.status, { state: 'cancelled', error: e.message })
        else {
          // A locked, full or read-only disk is said in Vietnamese (reasonOf); only the unexpected goes to the log.
          if (!(e instanceof ApiError) && !systemErrorMessage(e)) console.error(`[job ${kind}]`, e)
          const message = reasonOf(e)
          Object.assign(job.status, { state: 'failed', error: message })
        }
      },
    )
    .finally(() => {
      job.finishedAt = Date.now()
      tell(true)
    })
  tell(true)
  return jobId
}

export function jobStatus(ctx: ServiceContext, jobId: string): JobStatus {
  const job = registry(ctx).get(jobId)
  if (!job) throw new ApiError('NOT_FOUND', 'Không tìm thấy tác vụ (có thể đã kết thúc từ lâu).', ['jobId'])
  return { ...job.status }
}

export function cancelJob(ctx: ServiceContext, jobId: string): JobStatus {
  const job = registry(ctx).get(jobId)
  if (!job) throw new ApiError('NOT_FOUND', 'Không tìm thấy tác vụ.', ['jobId'])
  if (job.status.state === 'running') job.cancel = true
  return { ...job.status }
}

/** Resolves when the job has finished (for the CLI and tests, which have no UI to poll from). */
export async function waitForJob(ctx: ServiceContext, jobId: string, onProgress?: (s: JobStatus) => void): Promise<JobStatus> {
  for (;;) {
    const s = jobStatus(ctx, jobId)
    onProgress?.(s)
    if (s.state !== 'running') return s
    await new Promise((ok) => setTimeout(ok, 50))
  }
}
