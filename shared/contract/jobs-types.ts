import { z } from 'zod'

/**
 * Long operations (an import of 100,000 rows) run as jobs: one channel starts the job and returns
 * its id; main sends its progress and, at the end, its result as events (`{ job }`, events.ts), and
 * `jobs.status` answers the same on demand; `jobs.cancel` asks it to stop.
 * Generic so every domain can reuse it; the result is typed by the channel that started the job.
 */
export const JobIdSchema = z.object({ jobId: z.string().uuid() }).strict()

export const JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const
export const JobStatusSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: z.enum(JOB_STATES),
  /** What is happening now, in Vietnamese ("Đang đọc tệp", "Đang ghi 12.000/100.000 hộ"). */
  stage: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  /** The job's result once done (its shape is declared by the channel that started it). */
  result: z.unknown().nullable(),
  /** The failure, in Vietnamese, once failed. */
  error: z.string().nullable(),
})
export type JobStatus = z.infer<typeof JobStatusSchema>
