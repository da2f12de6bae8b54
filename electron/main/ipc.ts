import { z } from 'zod'
import { contract, type ChannelName } from '@shared/contract'
import type { Channel, Topic } from '@shared/contract/channel'
import { ApiError, type Result } from '@shared/contract/errors'
import { cleanTexts, DAMAGED_MESSAGE } from '@shared/text/clean'
import type { ServiceContext } from './services/context'
import { jobStatus } from './services/jobs'
import { createEventHub, type EventHub, type EventListener } from './services/events'
import { systemErrorKind, systemErrorMessage } from './store/errors'
import { checkAccess, newSession, type SessionState } from './services/users/session'
import { loadHandler } from './handlers'
import type { Handler, HandlerMap } from './handlers/types'

// Schema messages in Vietnamese ("Đầu vào không hợp lệ: …") for every channel at once.
z.config(z.locales.vi())

export interface Router {
  /** Checks the caller's access, validates `input` against the channel's schema, runs its handler; never throws. */
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>
  /** The sign-in state of the window this router serves. */
  readonly session: SessionState
  /**
   * Main's news for the window (services/events.ts): the topics a successful write changed, in
   * any window of this register, and the progress of jobs. Returns the unsubscribe.
   */
  on(listener: EventListener): () => void
}

export interface RouterOptions {
  handlers?: HandlerMap<ChannelName>
  /** Where unexpected errors are reported (the app's log file, stderr in the CLI). */
  logError?: (channel: string, error: unknown) => void
}

export function createRouter(ctx: ServiceContext, options: RouterOptions = {}): Router {
  const logError = options.logError ?? ((channel, error) => console.error(`[ipc] ${channel}:`, error))
  // One router per window, so one session per window; the audit trail names its signed-in user.
  const session = newSession()
  // Every router of the register shares the base context's hub; a context made by hand gets one here.
  const events: EventHub = (ctx.events ??= createEventHub())
  // The window's view of the context: its own session and actor; everything else (the store a
  // restore may swap, the file ports a test may change) read live from the base context.
  const scoped = Object.create(ctx, {
    session: { value: session, enumerable: true },
    actor: { value: () => session.user?.username ?? ctx.actor(), enumerable: true },
    store: {
      get: () => ctx.store,
      set: (store: ServiceContext['store']) => {
        ctx.store = store
      },
      enumerable: true,
    },
  }) as ServiceContext
  return {
    session,
    on: (listener) => events.on(listener),
    async invoke(channel, input) {
      if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
        return fail(new ApiError('UNKNOWN_CHANNEL', `Kênh không tồn tại: ${String(channel)}`))
      }
      const name = channel as ChannelName
      const declared: Channel = contract[name]
      try {
        // Access first: an anonymous caller learns nothing, not even which inputs are valid.
        checkAccess(scoped, session, declared.access ?? 'clerk')
      } catch (e) {
        if (e instanceof ApiError) return fail(e)
        // The router never throws, whatever goes wrong in the gate itself.
        logError(name, e)
        return fail(new ApiError('INTERNAL', 'Đã xảy ra lỗi không mong đợi khi kiểm tra quyền.'))
      }
      // Every text from the window through the one normaliser (shared/text/clean.ts); damaged text is refused.
      const cleaned = cleanTexts(input)
      if ('damaged' in cleaned) return fail(new ApiError('BAD_INPUT', `Nội dung ${DAMAGED_MESSAGE}`, cleaned.damaged))
      const parsed = declared.input.safeParse(cleaned.value)
      if (!parsed.success) return fail(fromZod(parsed.error))
      try {
        const handler = (options.handlers?.[name] ?? (await loadHandler(name))) as Handler<ChannelName>
        const output = await handler(scoped, parsed.data as never)
        if (declared.changes?.length) announce(scoped, events, name, declared.changes, output)
        return { ok: true, data: output }
      } catch (e) {
        if (e instanceof ApiError) return fail(e)
        if (e instanceof z.ZodError) return fail(fromZod(e))
        logError(name, e)
        // A locked, full or read-only database or disk: said in Vietnamese (store/errors.ts), not as "unexpected".
        const known = systemErrorMessage(e)
        if (known) return fail(new ApiError(systemErrorKind(e) === 'constraint' ? 'CONFLICT' : 'INTERNAL', known))
        return fail(new ApiError('INTERNAL', 'Đã xảy ra lỗi không mong đợi; dữ liệu chưa bị thay đổi. Chi tiết đã được ghi vào nhật ký.'))
      }
    },
  }
}

/**
 * Tells the windows what a write changed. A channel that starts a job (returns a jobId) changes its
 * topics only when the job ends, so the news waits for that job's last event.
 */
function announce(ctx: ServiceContext, events: EventHub, channel: string, topics: readonly Topic[], output: unknown): void {
  const jobId = (output as { jobId?: unknown } | null)?.jobId
  if (typeof jobId !== 'string') {
    events.emit({ topics, channel })
    return
  }
  const stop = events.on((e) => {
    if (!('job' in e) || e.job.jobId !== jobId || e.job.state === 'running') return
    stop()
    events.emit({ topics, channel })
  })
  // A job that failed at once may have ended before this listener was there.
  if (!jobEnded(ctx, jobId)) return
  stop()
  events.emit({ topics, channel })
}

function jobEnded(ctx: ServiceContext, jobId: string): boolean {
  try {
    return jobStatus(ctx, jobId).state !== 'running'
  } catch {
    return true
  }
}

function fail(e: ApiError): Result<never> {
  return { ok: false, error: e.toShape() }
}

/**
 * The first problem, worded for the clerk. Which field it concerns travels as the error's path (the
 * form shows the message beside that field); the path's internal names ("passphrase",
 * "admin.username") never go into the message, which a form may show as a whole.
 */
function fromZod(error: z.ZodError): ApiError {
  const first = error.issues[0]
  const path = (first?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol')
  return new ApiError('BAD_INPUT', first?.message ?? 'Dữ liệu không hợp lệ', path)
}
