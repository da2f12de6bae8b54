import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { signedInRouter } from '../helpers/session'
import { addUnit } from '../../electron/main/services/units'
import { setupOffice } from '../../electron/main/services/office'
import { createBackup } from '../../electron/main/services/system/backup'
import { saveFileStreamed } from '../../electron/main/services/files/atomic-save'
import { writeBackupFile } from '../../electron/main/services/system/backup-format'
import { restoreDatabase } from '../../electron/main/services/system/restore'
import { runScheduledBackup } from '../../electron/main/services/system/backup-service'
import { selftestWrite } from '../../electron/main/services/system/selftest'
import { userTables } from '../../electron/main/services/system/db-facts'
import { fixedClock, tempContext, tempDir } from '../helpers/temp'

const OFFICE = {
  code: '14563',
  name: 'UBND xã Tân Thành',
  provinceCode: '37',
  provinceName: 'Ninh Bình',
  mode: 'office' as const,
  standardId: 'mdp-2022-2025',
}

function dump(path: string): Record<string, unknown[]> {
  const raw = new Database(path, { readonly: true })
  try {
    return Object.fromEntries(userTables(raw).map((t) => [t, raw.prepare(`select * from "${t}" order by rowid`).all()]))
  } finally {
    raw.close()
  }
}

describe('backups', () => {
  it('a backup taken during edits restores to a consistent database, and one taken after them matches exactly', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, { office: OFFICE, units: [] })
    await selftestWrite(ctx, 20_000) // a few MB, so the online backup takes many steps
    const usb = join(ctx.dir, 'usb')

    let stop = false
    let made = 0
    const edits = (async () => {
      while (!stop) {
        await addUnit(ctx, { parentId: null, kind: 'commune', code: `C${made}`, name: `Xã số ${made}` })
        made++
        // Kysely over better-sqlite3 resolves in microtasks: yield so the backup's steps get turns, as the app's IPC does.
        await new Promise((ok) => setImmediate(ok))
      }
    })()
    const during = await createBackup(ctx.store, { dir: usb, passphrase: null, now: ctx.now, appVersion: ctx.appVersion })
    stop = true
    await edits
    expect(made, 'edits ran while the backup was taken').toBeGreaterThan(0)

    const restoredDuring = join(tempDir(), 'during.sqlite')
    await restoreDatabase(restoredDuring, during.path, { passphrase: null, now: ctx.now })
    const snap = dump(restoredDuring)
    // A consistent snapshot is a prefix of the edits: units C0..Ck-1, each with its audit row.
    const units = snap.admin_units as { code: string; id: string }[]
    expect(units.map((u) => u.code)).toEqual(Array.from({ length: units.length }, (_, i) => `C${i}`))
    const audited = new Set(
      (snap.audit_log as { entity: string; entity_id: string }[]).filter((a) => a.entity === 'admin_unit').map((a) => a.entity_id),
    )
    expect(units.every((u) => audited.has(u.id)) && audited.size === units.length).toBe(true)
    expect((snap.system_selftest as unknown[]).length).toBe(20_000)

    const after = await createBackup(ctx.store, { dir: usb, passphrase: 'mật khẩu đủ dài', now: ctx.now, appVersion: ctx.appVersion })
    const restoredAfter = join(tempDir(), 'after.sqlite')
    await restoreDatabase(restoredAfter, after.path, { passphrase: 'mật khẩu đủ dài', now: ctx.now })
    expect(dump(restoredAfter)).toEqual(dump(ctx.store.path))
  })

  it("keeps the newest N backups of the office and leaves other offices' backups alone", async () => {
    const clock = fixedClock('2026-01-01T00:00:00Z')
    const ctx = await tempContext({ now: clock.now })
    await setupOffice(ctx, { office: OFFICE, units: [] })
    const usb = join(ctx.dir, 'usb')
    const names: string[] = []
    for (let i = 0; i < 5; i++) {
      clock.set(`2026-01-0${i + 1}T00:00:00Z`)
      names.push((await createBackup(ctx.store, { dir: usb, passphrase: null, keep: 3, now: ctx.now, appVersion: ctx.appVersion })).id)
      if (i === 0) writeFileSync(join(usb, 'sgn-OTHER-20250101-000000-000Z.sgnbak'), 'không phải sao lưu')
    }
    expect(readdirSync(usb).sort()).toEqual([...names.slice(2), 'sgn-OTHER-20250101-000000-000Z.sgnbak'].sort())
  })

  it('restores through the router: preview first, current database kept aside, audit row, store reopened', async () => {
    let usb = ''
    const ctx = await tempContext({
      files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, chooseFolder: async () => usb },
    })
    usb = join(ctx.dir, 'usb')
    const api = await signedInRouter(ctx, 'admin')
    await setupOffice(ctx, { office: OFFICE, units: [] })
    expect(await api.invoke('system.backup.chooseFolder', {})).toMatchObject({ ok: true, data: { cancelled: false, status: { dir: usb } } })
    await api.invoke('system.backup.configure', { keep: 5, encrypt: true })
    expect(await api.invoke('system.backup.create', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path: ['passphrase'] } })
    expect(await api.invoke('system.backup.configure', { keep: 5, encrypt: true, passphrase: 'mật khẩu đủ dài' })).toMatchObject({
      ok: true,
      data: { passphraseSet: true, encrypt: true },
    })
    const created = await api.invoke('system.backup.create', {})
    expect(created).toMatchObject({ ok: true, data: { encrypted: true, office: { code: '14563' }, problem: null } })
    await addUnit(ctx, { parentId: null, kind: 'commune', code: 'SAU', name: 'Xã thêm sau khi sao lưu' })

    const list = await api.invoke('system.backup.list', {})
    if (!list.ok) throw new Error(list.error.message)
    const id = (list.data as { id: string }[])[0]!.id
    const before = readFileSync(ctx.store.path)
    const wrong = await api.invoke('system.backup.inspect', { backupId: id, passphrase: 'sai mật khẩu' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', path: ['passphrase'] } })
    expect(await api.invoke('system.backup.inspect', { backupId: 'sgn-14563-20990101-000000-000Z.sgnbak' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(readFileSync(ctx.store.path).equals(before), 'previews change nothing').toBe(true)

    const offer = await api.invoke('system.backup.inspect', { backupId: id, passphrase: 'mật khẩu đủ dài' })
    if (!offer.ok) throw new Error(offer.error.message)
    const o = offer.data as {
      cancelled: false
      token: string
      backup: { counts: Record<string, number> }
      current: { counts: Record<string, number> }
    }
    expect(o.backup.counts.admin_units).toBe(0)
    expect(o.current.counts.admin_units).toBe(1)

    const restored = await api.invoke('system.backup.restore', { token: o.token })
    if (!restored.ok) throw new Error(restored.error.message)
    const keptAside = (restored.data as { keptAside: string }).keptAside
    expect(keptAside).toMatch(/\.before-restore-.*\.bak$/)
    expect((dump(keptAside).admin_units as unknown[]).length).toBe(1)
    expect(await api.invoke('units.list', {})).toEqual({ ok: true, data: [] })
    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'restore').execute()
    expect(audit).toHaveLength(1)
    expect(await api.invoke('system.backup.restore', { token: o.token })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await api.invoke('system.check', {})).toMatchObject({ ok: true, data: { ok: true, schemaState: 'current' } })
  })

  it('refuses a backup written by a newer schema and leaves the database as it was', async () => {
    const ctx = await tempContext()
    await setupOffice(ctx, { office: OFFICE, units: [] })
    const dir = tempDir()
    const newer = join(dir, 'newer.sqlite')
    const raw = new Database(newer)
    raw.exec("create table office (code text, name text); insert into office values ('X', 'Y')")
    raw.pragma('user_version = 999')
    raw.close()
    const file = join(dir, 'sgn-X-20260101-000000-000Z.sgnbak')
    const counts = { office: 1 }
    await saveFileStreamed(file, async (out) => {
      await writeBackupFile(
        newer,
        out.stream(),
        { createdAt: '2026-01-01T00:00:00Z', appVersion: '9.0.0', schemaVersion: 999, office: { code: 'X', name: 'Y' }, counts },
        null,
      )
    })
    const before = dump(ctx.store.path)
    await expect(restoreDatabase(ctx.store.path + '.other', file, { passphrase: null, now: ctx.now })).rejects.toThrow(/phiên bản mới hơn/)
    expect(existsSync(ctx.store.path + '.other')).toBe(false)
    expect(dump(ctx.store.path)).toEqual(before)
  })

  it('runs daily backups only when due, and skips encrypted ones until the passphrase is given', async () => {
    const clock = fixedClock('2026-03-01T08:00:00Z')
    let usb = ''
    const ctx = await tempContext({
      now: clock.now,
      files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, chooseFolder: async () => usb },
    })
    usb = join(ctx.dir, 'usb')
    const api = await signedInRouter(ctx, 'admin')
    await setupOffice(ctx, { office: OFFICE, units: [] })
    expect(await runScheduledBackup(ctx, 'daily')).toBe('skipped') // no folder yet
    await api.invoke('system.backup.chooseFolder', {})
    expect(await runScheduledBackup(ctx, 'daily')).toBe('done')
    clock.set('2026-03-01T20:00:00Z')
    expect(await runScheduledBackup(ctx, 'daily')).toBe('skipped')
    expect(await runScheduledBackup(ctx, 'exit')).toBe('done')
    clock.set('2026-03-02T21:00:00Z')
    // A day later the admin signs in again (the earlier session locked long ago).
    const later = await signedInRouter(ctx, 'admin')
    expect((await later.invoke('system.backup.configure', { keep: 10, encrypt: true })).ok).toBe(true)
    expect(await runScheduledBackup(ctx, 'daily')).toBe('skipped')
    expect(await later.invoke('system.backup.status', {})).toMatchObject({ ok: true, data: { last: { ok: false, reason: 'daily' } } })
    expect(readdirSync(usb)).toHaveLength(2)
  })
})
