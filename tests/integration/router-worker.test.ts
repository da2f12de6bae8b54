import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { closeContext, createContext } from '../../electron/main/app-context'
import { createRouter, type Router } from '../../electron/main/ipc'
import type { FilePorts, ServiceContext } from '../../electron/main/services/context'
import { setupOffice } from '../../electron/main/services/office'
import { getBackupSettings, getLastBackup, saveBackupSettings } from '../../electron/main/services/system/backup-settings'
import { listConfiguredBackups } from '../../electron/main/services/system/backup-service'
import { startRouterWorker, type RouterHost } from '../../electron/main/worker/router-host'
import { officeWithVillages } from '../helpers/households'
import { BUILT_WORKER, call, callToEnd, measureLoop, writeHouseholdList, type Invoke } from '../helpers/router-worker'
import { ensureUser, signedInRouter, TEST_PASSWORD } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'

/*
 * Issue 14, item 6: the database, the services and the router run in a worker thread; the window's
 * thread only forwards calls and serves dialogs. These tests run the built worker
 * (out/main/router-worker.js, as the app loads it) through the host the app uses
 * (electron/main/worker/router-host.ts), against real SQLite files.
 */

const hosts: RouterHost[] = []
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close()
})

async function host(dbPath: string, files?: FilePorts, onEvent?: (event: unknown) => void): Promise<RouterHost> {
  const h = await startRouterWorker({ dbPath, workerPath: BUILT_WORKER, ...(files ? { files } : {}), ...(onEvent ? { onEvent } : {}) })
  hosts.push(h)
  return h
}

const SAMPLE_ROWS = 12
const IMPORT_N = Number(process.env.SGN_TEST_WORKER_IMPORT ?? 5_000)

/** A register with an office and a user (made in-process, as the app's first run would have). */
async function register(ctx: ServiceContext): Promise<string> {
  await officeWithVillages(ctx)
  return ensureUser(ctx, 'admin')
}

describe('the router in a worker thread', () => {
  it('answers as the in-process router does: sessions per window, sign-in, lists, imports and dialogs served by the host', async () => {
    const ctx = await tempContext()
    const username = await register(ctx)
    const list = join(ctx.dir, 'danh-sach.xlsx')
    await writeHouseholdList(list, SAMPLE_ROWS)
    const asked: string[] = []
    const files: FilePorts = {
      async chooseOpenFile({ title }) {
        asked.push(title)
        return list
      },
      async chooseSaveFile({ title, defaultName }) {
        asked.push(title)
        if (defaultName === 'mau-danh-sach-ho.xlsx') return join(ctx.dir, 'mau.xlsx')
        throw new Error('hộp thoại hỏng')
      },
    }
    const heard: unknown[] = []
    const h = await host(join(ctx.dir, 'test.sqlite'), files, (event) => heard.push(event))
    const local = createRouter(ctx)
    const viaHost: Invoke = (c, i) => h.invoke(c, i)

    // Before sign-in: the same refusal and the same anonymous session.
    expect(await h.invoke('households.list', {})).toEqual(await local.invoke('households.list', {}))
    expect(await h.invoke('auth.session', {})).toEqual(await local.invoke('auth.session', {}))
    expect(await h.invoke('no.such.channel', {})).toEqual(await local.invoke('no.such.channel', {}))
    const signIn = { username, password: TEST_PASSWORD }
    // The same answer but for the moment of sign-in, which each side stamps with its own clock.
    const signedIn = (r: unknown) => JSON.stringify(r).replace(/"lastSignInAt":"[^"]*"/, '"lastSignInAt":"…"')
    expect(signedIn(await h.invoke('auth.signIn', signIn))).toEqual(signedIn(await local.invoke('auth.signIn', signIn)))
    expect(signedIn(await h.invoke('auth.session', {}))).toEqual(signedIn(await local.invoke('auth.session', {})))
    // Each window has its own session: another window of the same worker is still signed out.
    expect(await h.invoke('auth.session', {}, 'second-window')).toEqual(await createRouter(ctx).invoke('auth.session', {}))
    expect(await h.invoke('households.list', {}, 'second-window')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })

    // A dialog-using channel: the worker asks the host, which runs the port it was given.
    const { token } = await call<{ token: string }>(viaHost, 'households.import.pick', {})
    expect(asked).toEqual(['Chọn danh sách hộ (Excel)'])
    const imported = await callToEnd<{ created: number; committed: boolean }>(viaHost, 'households.import.start', { token, options: {} })
    expect(imported).toMatchObject({ created: SAMPLE_ROWS, committed: true })
    // Main's news crosses too: the job's end, then what the import changed (for the window to refresh).
    await expect.poll(() => heard).toContainEqual({ topics: ['households'], channel: 'households.import.start' })
    expect(heard).toContainEqual({ job: expect.objectContaining({ kind: 'households.import', state: 'done' }) })
    const hostList = await h.invoke('households.list', {})
    expect(hostList).toMatchObject({ ok: true, data: { total: SAMPLE_ROWS } })
    expect(hostList).toEqual(await local.invoke('households.list', {}))
    // A bad input is refused with the same Vietnamese message and path.
    expect(await h.invoke('households.get', { id: 'x' })).toEqual(await local.invoke('households.get', { id: 'x' }))

    expect(await h.invoke('households.template.save', {})).toEqual({ ok: true, data: { saved: true, fileName: 'mau.xlsx' } })
    expect(existsSync(join(ctx.dir, 'mau.xlsx'))).toBe(true)
    // A port that fails on the host's side is an answer (the router's refusal), not a call left hanging.
    const broken = await h.invoke('households.import.saveErrorReport', { token })
    expect(broken).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('keeps the host thread responsive during a long import, which blocks the thread that runs it in-process', async () => {
    const dir = tempDir()
    const list = join(dir, 'lon.xlsx')
    await writeHouseholdList(list, IMPORT_N)
    const files: FilePorts = { chooseOpenFile: async () => list, chooseSaveFile: async () => null }
    const prepare = async (name: string) => {
      const ctx = await createContext({ dbPath: join(dir, name), files })
      await setupOffice(ctx, { office: { code: 'B', name: 'UBND xã Thử', provinceCode: '20', standardId: 'mdp-2022-2025' }, units: [] })
      return ctx
    }
    const importVia = async (invoke: Invoke) => {
      const { token } = await call<{ token: string }>(invoke, 'households.import.pick', {})
      return callToEnd<{ created: number }>(invoke, 'households.import.start', { token, options: { year: 2024 } })
    }

    // Through the worker first: the in-process import leaves this thread a heap of garbage whose
    // collection, run during the worker's import, once counted as this thread's work (busy 0.28
    // against 0.01 in the run before).
    const workerCtx = await prepare('worker.sqlite')
    const username = await ensureUser(workerCtx, 'admin')
    await closeContext(workerCtx)
    const h = await host(join(dir, 'worker.sqlite'), files)
    await call((c, i) => h.invoke(c, i), 'auth.signIn', { username, password: TEST_PASSWORD })
    const viaWorker = await measureLoop(() => importVia((c, i) => h.invoke(c, i)))
    expect(viaWorker.value.created).toBe(IMPORT_N)

    // Today: the import on this thread.
    const ctx = await prepare('in-process.sqlite')
    let local: Router
    try {
      local = await signedInRouter(ctx)
      const inProcess = await measureLoop(() => importVia((c, i) => local.invoke(c, i)))
      expect(inProcess.value.created).toBe(IMPORT_N)

      const figures = {
        inProcess: { ms: inProcess.ms, p99: inProcess.p99, busy: inProcess.busy },
        viaWorker: { ms: viaWorker.ms, p99: viaWorker.p99, busy: viaWorker.busy },
      }
      console.log(`households import of ${IMPORT_N}: ${JSON.stringify(figures)}`)
      // Asserted on how busy this thread was, not on its timers' delay: on a shared 2-core machine
      // the delay of an idle thread alone reaches 15–60 ms (the benchmark reports the delay, p99).
      // In-process the import keeps this thread busy most of the time; through the worker this
      // thread only passes messages.
      expect(viaWorker.busy, JSON.stringify(figures)).toBeLessThan(0.25)
      expect(inProcess.busy, JSON.stringify(figures)).toBeGreaterThan(0.5)
    } finally {
      await closeContext(ctx)
    }
  }, 300_000)

  it("runs the app's start and exit work in the worker: demo data for an empty register, the daily backup at start and the exit backup at close", async () => {
    const dir = tempDir()
    const dbPath = join(dir, 'demo.sqlite')
    const ctx = await createContext({ dbPath })
    await saveBackupSettings(ctx, { ...(await getBackupSettings(ctx)), dir: join(dir, 'sao-luu') })
    await closeContext(ctx)
    // Closed at once after opening: the daily backup at start and the exit backup both land.
    const h = await startRouterWorker({ dbPath, workerPath: BUILT_WORKER, demo: true, scheduledBackups: true, programName: 'ứng dụng thử' })
    await h.close()
    const after = await createContext({ dbPath })
    try {
      expect(
        (
          await after.store.db
            .selectFrom('households')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ).toBe(2000)
      expect(await getLastBackup(after)).toMatchObject({ reason: 'exit', ok: true })
      expect(await listConfiguredBackups(after)).toHaveLength(2)
    } finally {
      await closeContext(after)
    }
  }, 120_000)

  it('closing the host ends the worker and releases the database; a register that cannot be opened is refused in Vietnamese', async () => {
    const dir = tempDir()
    const dbPath = join(dir, 'so.sqlite')
    const ctx = await createContext({ dbPath })
    await closeContext(ctx)
    const h = await host(dbPath)
    expect(await h.invoke('auth.session', {})).toMatchObject({ ok: true })
    // Only a file no connection holds can be locked exclusively (as a restore does).
    const lockExclusively = () => {
      const db = new SqliteDatabase(dbPath, { timeout: 0 })
      try {
        db.pragma('locking_mode = EXCLUSIVE')
        db.exec('begin exclusive; commit')
      } finally {
        db.close()
      }
    }
    expect(lockExclusively).toThrow(/locked|busy/i)
    await h.close()
    expect(lockExclusively).not.toThrow()
    expect(await h.invoke('auth.session', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: /đã đóng/ } })

    const notADatabase = join(dir, 'hong.sqlite')
    writeFileSync(notADatabase, 'đây không phải là một sổ dữ liệu '.repeat(200))
    await expect(startRouterWorker({ dbPath: notADatabase, workerPath: BUILT_WORKER })).rejects.toThrow(/[àáảãạăâđêôơư]/)
  })
})
