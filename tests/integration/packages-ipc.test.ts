import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'

describe('package channels refuse bad input in Vietnamese and change nothing', () => {
  it('wrong passphrase, bad period, cancelled dialog, wrong mode', async () => {
    const usb = tempDir('sgn-usb-')
    const office = await tempContext({
      files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, chooseFolder: async () => usb },
    })
    await seedOffice(office, { code: '14563', name: 'Tân Thành', households: 3 })
    const api = await signedInRouter(office, 'admin')
    const auditBefore = (await office.store.db.selectFrom('audit_log').select('id').execute()).length

    expect(await api.invoke('packages.export', { period: '2026-H1', passphrase: 'sai mật khẩu' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'Mật khẩu khóa không đúng.', path: ['passphrase'] },
    })
    expect(await api.invoke('packages.export', { period: '2026-Q3', passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/Kỳ báo cáo có dạng/) },
    })
    expect(await api.invoke('packages.key.create', { passphrase: 'ngắn' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/ít nhất 8 ký tự/) },
    })
    expect(await api.invoke('packages.key.create', { passphrase: 'một mật khẩu khác dài' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/Đã có khóa ký/) },
    })
    expect(await api.invoke('packages.pick', {})).toEqual({ ok: true, data: { cancelled: true } })
    expect(await api.invoke('packages.import', { token: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(readdirSync(usb)).toEqual([])
    expect(await office.store.db.selectFrom('packages_sent').selectAll().execute()).toEqual([])
    expect((await office.store.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore)

    // An office database cannot import packages; a province cannot export them.
    expect(await api.invoke('packages.summary', {})).toEqual({ ok: true, data: [] })
    const province = await tempContext({
      files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, chooseFolder: async () => usb },
    })
    await seedOffice(province, { code: 'SO37', name: 'Sở', mode: 'province' })
    expect(
      await (await signedInRouter(province, 'admin')).invoke('packages.export', { period: '2026', passphrase: PASSPHRASE }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })

    // A successful export through the router returns the cover sheet and writes exactly one file.
    const done = await api.invoke('packages.export', { period: '2026-H1', passphrase: PASSPHRASE })
    expect(done).toMatchObject({ ok: true, data: { cancelled: false, cover: { sequence: 1, counts: { households: 3 } } } })
    expect(readdirSync(usb)).toEqual(['goi-14563-2026-H1-so0001.zip'])
  })
})
