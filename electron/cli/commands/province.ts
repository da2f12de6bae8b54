import { PeriodSchema } from '@shared/domain/packages'
import { UsageError, type Command } from '../command'
import { withRouter } from '../router'

const importExpected: Command = {
  name: ['province', 'expected', 'import'],
  usage: 'province expected import DANH-SACH.csv|xlsx',
  summary: 'Cấp tỉnh: nạp danh sách xã, phường phải gửi báo cáo (cột mã xã và tên xã/phường)',
  options: {},
  channels: ['province.importExpected'],
  async run({ positionals, dbPath }, io) {
    const file = positionals[0]
    if (!file || positionals.length > 1) throw new UsageError('Cần đúng một tệp danh sách')
    return withRouter(dbPath, io, { open: file }, async ({ call }) => {
      const r = await call('province.importExpected', {})
      if (r.cancelled) return 1
      io.out(`Đã nạp ${r.imported} xã, phường phải gửi báo cáo từ ${r.fileName}.`)
      for (const e of r.errors) io.err(e.row ? `Dòng ${e.row}: ${e.message}` : e.message)
      return 0
    })
  },
}

const expected: Command = {
  name: ['province', 'expected'],
  usage: 'province expected --period 2026|2026-H1 [--json]',
  summary: 'Cấp tỉnh: xã nào đã gửi, xã nào chưa gửi gói báo cáo của một kỳ',
  options: { period: { type: 'string' }, json: { type: 'boolean' } },
  channels: ['province.expected'],
  async run({ values, dbPath }, io) {
    const period = PeriodSchema.safeParse(values.period)
    if (!period.success) throw new UsageError('Cần --period (2026, 2026-H1 hoặc 2026-H2)')
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const view = await call('province.expected', { period: period.data })
      if (values.json) {
        io.out(JSON.stringify(view, null, 2))
        return 0
      }
      io.out(
        `Kỳ ${view.period}: ${view.expected.length - view.missing}/${view.expected.length} xã, phường đã gửi; ${view.missing} chưa gửi.`,
      )
      for (const e of view.expected) io.out(`${e.received ? 'Đã gửi ' : 'CHƯA GỬI'}\t${e.code}\t${e.name}`)
      for (const u of view.unexpected) io.out(`Ngoài danh sách\t${u.code}\t${u.name}`)
      return 0
    })
  },
}

export const provinceCommands: Command[] = [importExpected, expected]
