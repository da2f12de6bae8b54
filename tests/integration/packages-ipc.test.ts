import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readZip } from '../../electron/main/export/package/zip-reader'
import { signedInRouter } from '../helpers/session'
import { tempContext, tempDir } from '../helpers/temp'
import { PASSPHRASE, seedOffice } from './packages-fixture'
import { invokeToEnd } from '../helpers/jobs'

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
    expect(await api.invoke('packages.export', { period: '2026', passphrase: PASSPHRASE, reports: ['khong-co'] })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'Không có báo cáo "khong-co" trong danh mục.', path: ['reports'] },
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
    expect(await api.invoke('packages.summary', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
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

    // A successful export through the router (as the approver) returns the cover sheet and writes
    // exactly one file, carrying the picked report as a signed PDF and an Excel workbook.
    const approver = await signedInRouter(office, 'approver')
    const done = await invokeToEnd(approver, office, 'packages.export', {
      period: '2026-H1',
      passphrase: PASSPHRASE,
      reports: ['task-results'],
    })
    expect(done).toMatchObject({ ok: true, data: { cancelled: false, cover: { sequence: 1, counts: { households: 3 } } } })
    expect(readdirSync(usb)).toEqual(['goi-14563-2026-H1-so0001.zip'])
    const names = [...readZip(readFileSync(join(usb, 'goi-14563-2026-H1-so0001.zip'))).keys()].filter((n) => n.startsWith('bao-cao/'))
    expect(names.sort()).toEqual(['bao-cao/bao-cao-task-results-2026-6thang.pdf', 'bao-cao/bao-cao-task-results-2026-6thang.xlsx'])
    // A clerk may not sign packages.
    expect(
      await (await signedInRouter(office, 'clerk')).invoke('packages.export', { period: '2026', passphrase: PASSPHRASE }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
  })
})
