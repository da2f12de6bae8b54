import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '@shared/contract'
import { importPackage } from '../../electron/main/services/packages/import'
import { buildReportDocument } from '../../electron/main/services/reports/build'
import { cliInProcess } from '../helpers/cli'
import { signedInRouter } from '../helpers/session'
import { tempDir } from '../helpers/temp'
import { closeAll, makeOffice, makeProvince, type OfficeHandle } from './packages-offices'

// The province's list after the reform: the communes it expects a package from, one with a bad
// code (left out and reported), one with none.
const LIST = [
  '"DANH SÁCH XÃ, PHƯỜNG THUỘC TỈNH NINH BÌNH (sau sắp xếp)"',
  'STT,Mã xã,Tên xã/phường',
  '1,14563,Xã Tân Thành',
  '2,14566,Phường Hòa Bình',
  '3,14569,Xã Yên Mạc',
  '4,1457,Xã Sai Mã',
  '5,,Xã Không Mã',
].join('\n')

describe('the province and the communes it expects', () => {
  let open: Parameters<typeof closeAll> = []
  afterEach(async () => {
    await closeAll(...open)
    open = []
  })

  it('lists which expected communes sent a package for the period and which did not, and reports by office', async () => {
    const dir = tempDir()
    const tanThanh: OfficeHandle = await makeOffice(dir, '14563', 'Tân Thành')
    const hoaBinh: OfficeHandle = await makeOffice(dir, '14566', 'Hòa Bình')
    const province = await makeProvince(dir, [tanThanh, hoaBinh])
    open = [tanThanh.ctx, hoaBinh.ctx, province.ctx]
    await importPackage(province.ctx, await tanThanh.exportNext('2026'))
    // Hòa Bình sent the first half-year only: it has not sent the year's package.
    await importPackage(province.ctx, await hoaBinh.exportNext('2026-H1'))

    const api = await signedInRouter(province.ctx, 'admin')
    const file = join(dir, 'danh-sach-xa.csv')
    writeFileSync(file, LIST)
    province.files.pick = file
    const imported = await api.invoke('province.importExpected', {})
    expect(imported).toMatchObject({ ok: true, data: { cancelled: false, fileName: 'danh-sach-xa.csv', imported: 3 } })
    const data = (imported.ok ? imported.data : null) as ChannelOutput<'province.importExpected'> | null
    if (!data || data.cancelled) throw new Error('not imported')
    expect(data.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Xã Sai Mã: Mã cấp xã gồm đúng 5 chữ số/),
      expect.stringMatching(/^Xã Không Mã: Thiếu mã xã/),
    ])

    const view = await api.invoke('province.expected', { period: '2026' })
    expect(view).toMatchObject({
      ok: true,
      data: {
        period: '2026',
        missing: 2,
        unexpected: [],
        expected: [
          { code: '14566', name: 'Phường Hòa Bình', received: null },
          { code: '14563', name: 'Xã Tân Thành', received: { sequence: 1 } },
          { code: '14569', name: 'Xã Yên Mạc', received: null },
        ],
      },
    })
    expect(await api.invoke('province.expected', { period: '2026-H1' })).toMatchObject({
      ok: true,
      data: { missing: 2, expected: [{ code: '14566', received: { sequence: 1 } }, { received: null }, { received: null }] },
    })
    // An office's database has no such list.
    const officeApi = await signedInRouter(tanThanh.ctx, 'admin')
    expect(await officeApi.invoke('province.expected', { period: '2026' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    // The province's by-area reports have a row per office that sent a package.
    const summary = (await buildReportDocument(province.ctx, 'summary', { year: 2026, period: 'year', communeId: null })).body[0]
    if (summary?.kind !== 'table') throw new Error('no table')
    expect(summary.table.header[0]![1]!.text).toBe('Đơn vị')

    // The same from the command line.
    await closeAll(province.ctx)
    open = [tanThanh.ctx, hoaBinh.ctx]
    const cli = await cliInProcess(['--db', province.path, 'province', 'expected', '--period', '2026'])
    expect([cli.code, cli.stderr]).toEqual([0, ''])
    expect(cli.stdout.split('\n')).toEqual([
      'Kỳ 2026: 1/3 xã, phường đã gửi; 2 chưa gửi.',
      'CHƯA GỬI\t14566\tPhường Hòa Bình',
      'Đã gửi \t14563\tXã Tân Thành',
      'CHƯA GỬI\t14569\tXã Yên Mạc',
      '',
    ])
  }, 120_000)
})
