import { useEffect, useState } from 'react'
import type { JobStatus } from '@shared/contract/jobs-types'
import { call, onJob } from '../api'

// Main sends every job's progress and end as events (api.ts onJob); this slow poll only covers an
// event lost on the way (a window reloaded mid-job), so a job can never look stuck for long.
const FALLBACK_POLL_MS = 2000

/**
 * Watches one job: `onStatus` gets its status now and each one main sends after; `stop()` ends the
 * watch. Ends by itself once the job has ended, or when main cannot say (`onError`: no such job).
 */
export function watchJob(jobId: string, onStatus: (s: JobStatus) => void, onError?: (e: unknown) => void): () => void {
  let live = true
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    live = false
    clearTimeout(timer)
    unsubscribe()
  }
  const take = (s: JobStatus) => {
    if (!live) return
    onStatus(s)
    if (s.state !== 'running') stop()
  }
  const unsubscribe = onJob(jobId, take)
  const poll = () => {
    call('jobs.status', { jobId }).then(take, (e: unknown) => {
      if (!live || !onError) return
      stop()
      onError(e)
    })
    if (live) timer = setTimeout(poll, FALLBACK_POLL_MS)
  }
  // The job may have moved (or ended) before this listener was there: ask once at once.
  poll()
  return stop
}

/** Resolves with the job's last status (done, failed or cancelled), reporting each one on the way. */
export function waitForJobEnd(jobId: string, onStatus: (s: JobStatus) => void = () => {}): Promise<JobStatus> {
  return new Promise((resolve, reject) => {
    watchJob(
      jobId,
      (s) => {
        onStatus(s)
        if (s.state !== 'running') resolve(s)
      },
      reject,
    )
  })
}

/** A background job's status as it moves (events from main); null while there is no job. */
export function useJob(jobId: string | null): JobStatus | null {
  const [status, setStatus] = useState<JobStatus | null>(null)
  useEffect(() => (jobId ? watchJob(jobId, setStatus) : undefined), [jobId])
  // A status of an earlier job is not this job's.
  return status && status.jobId === jobId ? status : null
}
