import { useEffect, useState } from 'react'
import type { JobStatus } from '@shared/contract/jobs-types'
import { call } from '../api'

const POLL_MS = 250

/** Polls a background job until it ends; null while there is no job. */
export function useJob(jobId: string | null): JobStatus | null {
  const [status, setStatus] = useState<JobStatus | null>(null)
  useEffect(() => {
    if (!jobId) return
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        const s = await call('jobs.status', { jobId })
        if (!live) return
        setStatus(s)
        if (s.state === 'running') timer = setTimeout(() => void poll(), POLL_MS)
      } catch {
        if (live) timer = setTimeout(() => void poll(), POLL_MS * 4)
      }
    }
    void poll()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [jobId])
  // A status of an earlier job is not this job's.
  return status && status.jobId === jobId ? status : null
}
