import type { z } from 'zod'
import type { ServiceContext } from '../../electron/main/services/context'
import { waitForJob } from '../../electron/main/services/jobs'
import type { Router } from '../../electron/main/ipc'
import type { ChannelName } from '../../shared/contract'

/**
 * Waits for a job a channel started (households.import.start, packages.export, packages.import)
 * and returns its result, checked against the schema the channel declares for it; a job that
 * failed or was cancelled throws its Vietnamese message.
 */
export async function jobResult<T>(ctx: ServiceContext, jobId: string, schema: z.ZodType<T>): Promise<T> {
  const status = await waitForJob(ctx, jobId)
  if (status.state !== 'done') throw new Error(`${status.kind}: ${status.state}: ${status.error ?? ''}`)
  return schema.parse(status.result)
}

/**
 * Invokes a channel through the router and, when it started a job, waits for the job: the answer
 * is the channel's data with the job's result merged in, or the job's failure as a refusal
 * (code JOB_FAILED or CANCELLED, with its message). For tests written against channels that
 * answered at once before they became jobs.
 */
export async function invokeToEnd(
  api: Router,
  ctx: ServiceContext,
  name: ChannelName,
  input: unknown,
): Promise<{ ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }> {
  const r = await api.invoke(name, input)
  if (!r.ok) return r
  const data = r.data as { jobId?: unknown; cancelled?: unknown }
  if (data.cancelled === true || typeof data.jobId !== 'string') return r
  const status = await waitForJob(ctx, data.jobId)
  if (status.state === 'done') return { ok: true, data: { ...data, ...(status.result as object) } }
  return { ok: false, error: { code: status.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', message: status.error ?? '' } }
}
