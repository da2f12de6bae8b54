import { existsSync } from 'node:fs'
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract'
import { ApiError } from '@shared/contract/errors'
import type { JobStatus } from '@shared/contract/jobs-types'
import { closeContext, createContext } from '../main/app-context'
import { createRouter, type Router } from '../main/ipc'
import type { FilePorts, ServiceContext } from '../main/services/context'
import type { CliIO } from './command'

/**
 * What the command line named for each question the window would ask in a dialog. A channel that
 * asks a question the line did not answer is refused with a usage message, never given a guess.
 */
export interface CliFiles {
  /** The file to open (`households import FILE`, `trust add CERT.pem`). */
  open?: string
  /** Where to save (`--out`, `--error-report`). */
  save?: string
  /** The folder to write into (the USB stick, the backup folder). */
  folder?: string
}

/** A channel call from a command: the output on success; the router's refusal thrown as ApiError (exit 1). */
export type CliCall = <K extends ChannelName>(channel: K, input: ChannelInput<K>) => Promise<ChannelOutput<K>>

export interface CliRouter {
  call: CliCall
  /** Starts a job through `channel` and waits for its end; progress goes to `onProgress`. */
  job: <K extends ChannelName>(channel: K, input: ChannelInput<K>, onProgress?: (s: JobStatus) => void) => Promise<JobStatus>
}

function filePorts(files: CliFiles): FilePorts {
  const missing = (what: string) => new ApiError('BAD_INPUT', `Lệnh này cần ${what} trên dòng lệnh.`)
  return {
    chooseOpenFile: async () => {
      if (files.open === undefined) throw missing('tên tệp cần mở')
      return files.open
    },
    chooseSaveFile: async () => {
      if (files.save === undefined) throw missing('tên tệp cần ghi (--out)')
      return files.save
    },
    chooseFolder: async () => {
      if (files.folder === undefined) throw missing('thư mục cần ghi (--out)')
      return files.folder
    },
  }
}

/**
 * The person at the command line. Whoever can run commands on this PC with the register's file
 * can already change the file itself, so the router's access check lets them do what an admin
 * can; the audit trail names the operating-system user, as before accounts existed.
 */
function cliSession(router: Router, ctx: ServiceContext): void {
  // The context's default actor: the operating-system user (app-context.ts).
  const username = ctx.actor()
  router.session.user = {
    id: '00000000-0000-4000-8000-000000000000',
    username,
    displayName: `Dòng lệnh (${username})`,
    role: 'admin',
    active: true,
    lastSignInAt: null,
  }
  // A command is one action: it never locks for inactivity, however long a job runs.
  router.session.lockAfterMinutes = Number.MAX_SAFE_INTEGER / 60_000
  router.session.lastActivityMs = ctx.now().getTime()
}

/**
 * Opens the register for one command and gives it the same router the window uses (access,
 * validation, text cleaning, the operation's steps, the events), with the file dialogs answered
 * from the command line. `create`: the register may not exist yet (`init`).
 */
export async function withRouter(
  dbPath: string,
  io: CliIO,
  files: CliFiles,
  run: (r: CliRouter) => Promise<number>,
  options: { create?: boolean } = {},
): Promise<number> {
  if (!options.create && !existsSync(dbPath)) {
    io.err(`Không có cơ sở dữ liệu ${dbPath}. Hãy chạy "so-giam-ngheo init" trước.`)
    return 1
  }
  const ctx = await createContext({ dbPath, files: filePorts(files) })
  try {
    // What the window's log file would get: at the command line, one line on stderr under the
    // router's own message ("Đã xảy ra lỗi không mong đợi…").
    const router = createRouter(ctx, {
      logError: (channel, e) => io.err(`Chi tiết (${channel}): ${e instanceof Error ? e.message : String(e)}`),
    })
    cliSession(router, ctx)
    const call: CliCall = async (channel, input) => {
      io.trace?.(channel)
      const r = await router.invoke(channel, input)
      if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.path)
      return r.data as ChannelOutput<typeof channel>
    }
    const job: CliRouter['job'] = async (channel, input, onProgress) => {
      const { jobId } = (await call(channel, input)) as unknown as { jobId: string }
      return waitForEnd(router, call, jobId, onProgress)
    }
    return await run({ call, job })
  } finally {
    await closeContext(ctx)
  }
}

/** Waits on the router's job events, as the window does; `jobs.status` answers for a job that ended before the listener. */
async function waitForEnd(router: Router, call: CliCall, jobId: string, onProgress?: (s: JobStatus) => void): Promise<JobStatus> {
  return new Promise<JobStatus>((resolve, reject) => {
    let settled = false
    const finish = (s: JobStatus) => {
      if (settled || s.state === 'running') return
      settled = true
      stop()
      resolve(s)
    }
    const stop = router.on((e) => {
      if (!('job' in e) || e.job.jobId !== jobId) return
      onProgress?.(e.job)
      finish(e.job)
    })
    call('jobs.status', { jobId }).then(finish, (e: unknown) => {
      if (settled) return
      settled = true
      stop()
      reject(e instanceof Error ? e : new Error(String(e)))
    })
  })
}
