import type { JobStatus } from '@shared/contract/jobs-types'
import { call } from '../api'
import { waitForJobEnd } from '../data/jobs'
import { t } from '../i18n'
import { Button } from './Button'

export type JobEnd = { state: 'done'; result: unknown } | { state: 'cancelled'; message: string }

/**
 * Follows a job a channel started until it ends, handing every status to `onStatus` (for
 * JobProgress). Resolves with its result, or with `cancelled` when the clerk stopped it; a job
 * that failed throws its Vietnamese message, like a channel that refused.
 */
export async function followJob(jobId: string, onStatus: (s: JobStatus | null) => void): Promise<JobEnd> {
  try {
    const s = await waitForJobEnd(jobId, onStatus)
    if (s.state === 'done') return { state: 'done', result: s.result }
    if (s.state === 'cancelled') return { state: 'cancelled', message: s.error ?? t('jobs.cancelled') }
    throw new Error(s.error ?? t('jobs.failed'))
  } finally {
    onStatus(null)
  }
}

/** A running job: what it is doing, how far it is, and its Cancel button. Nothing when no job runs. */
export function JobProgress({ status, cancelLabel }: { status: JobStatus | null; cancelLabel?: string }) {
  if (!status || status.state !== 'running') return null
  const known = status.total > 0
  return (
    <div className="job-progress" role="status" aria-live="polite">
      <span>{status.stage || t('jobs.starting')}</span>
      {known ? (
        <progress max={status.total} value={status.done} aria-label={status.stage || t('jobs.starting')}>
          {status.done}/{status.total}
        </progress>
      ) : null}
      <Button onClick={() => void call('jobs.cancel', { jobId: status.jobId })}>{cancelLabel ?? t('jobs.cancel')}</Button>
    </div>
  )
}
