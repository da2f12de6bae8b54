import { resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import ExcelJS from 'exceljs'
import type { Result } from '../../shared/contract/errors'

/** The worker entry as built (tests/helpers/build-once.ts builds before the tests): what the app runs. */
export const BUILT_WORKER = resolve(import.meta.dirname, '../../out/main/router-worker.js')

export type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>

export interface LoopMeasure<T> {
  value: T
  /** Wall time of the operation (ms). */
  ms: number
  /** Event-loop delay of this thread while it ran (ms). */
  p99: number
  max: number
  /**
   * Share of the time this thread's event loop was busy (performance.eventLoopUtilization): unlike
   * the delay, it does not grow when the machine's load keeps an idle thread off the CPU.
   */
  busy: number
}

/** How often the event loop is sampled (ms); Node's figures are the time between samples, so they include it. */
export const LOOP_RESOLUTION_MS = 10

/**
 * Runs `fn` while `monitorEventLoopDelay` samples this thread: how late a timer (a click, a
 * repaint, the Cancel button in the app) would fire while the operation is under way.
 */
export async function measureLoop<T>(fn: () => Promise<T>): Promise<LoopMeasure<T>> {
  const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  h.enable()
  try {
    // The monitor's first tick only starts its clock: let it happen before the operation may block.
    await new Promise((r) => setTimeout(r, 2 * LOOP_RESOLUTION_MS))
    // A full collection first: the garbage earlier work left (another test file's, in a shared
    // worker) would otherwise be collected during the measure and count as this thread's work.
    collectGarbage()
    const t0 = performance.now()
    const elu = performance.eventLoopUtilization()
    const value = await fn()
    const ms = performance.now() - t0
    const busy = performance.eventLoopUtilization(elu).utilization
    // One more turn of the loop, so a stall that lasted until the very end is sampled too.
    await new Promise((r) => setTimeout(r, 2 * LOOP_RESOLUTION_MS))
    return { value, ms, p99: h.percentile(99) / 1e6, max: h.max / 1e6, busy }
  } finally {
    h.disable()
  }
}

/** V8's full collection, reachable without starting Node with --expose-gc (the flag set at run time, the function read from a new context). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

/** The same figures for an idle second: what the machine's load alone costs this thread. */
export async function idleLoop(ms = 1000): Promise<LoopMeasure<void>> {
  return measureLoop(() => new Promise<void>((r) => setTimeout(r, ms)))
}

/** Calls a channel and throws its refusal: for steps that must succeed. */
export async function call<T>(invoke: Invoke, channel: string, input: unknown): Promise<T> {
  const r = await invoke(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.data as T
}

/**
 * Calls a channel that starts a job and polls `jobs.status` as the window does until it ends;
 * returns the job's result (throws when it failed or was cancelled).
 */
export async function callToEnd<T>(invoke: Invoke, channel: string, input: unknown, pollMs = 100): Promise<T> {
  const started = await call<{ jobId?: string; cancelled?: boolean }>(invoke, channel, input)
  if (typeof started.jobId !== 'string') throw new Error(`${channel} started no job: ${JSON.stringify(started)}`)
  for (;;) {
    const status = await call<{ state: string; result: unknown; error: string | null }>(invoke, 'jobs.status', { jobId: started.jobId })
    if (status.state === 'done') return status.result as T
    if (status.state !== 'running') throw new Error(`${channel}: ${status.state} ${status.error ?? ''}`)
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

/** A household list of `n` rows in the shape clerks bring (streamed, so large lists stay cheap to write). */
export async function writeHouseholdList(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true })
  const ws = wb.addWorksheet('DS')
  ws.addRow([
    'Mã hộ',
    'Họ và tên chủ hộ',
    'Năm sinh',
    'Giới tính',
    'Số CCCD',
    'Thôn',
    'Số nhân khẩu',
    'Thu nhập BQ',
    'Các chỉ số thiếu hụt',
  ]).commit()
  for (let i = 0; i < n; i++) {
    ws.addRow([
      `MS-${i}`,
      `Nguyễn Văn ${i}`,
      1950 + (i % 50),
      i % 2 ? 'Nam' : 'Nữ',
      `020${String(i).padStart(9, '0')}`,
      `Thôn ${i % 20}`,
      1 + (i % 6),
      800_000 + (i % 40) * 50_000,
      i % 3 ? '1, 4, 9' : '2',
    ]).commit()
  }
  ws.commit()
  await wb.commit()
}
