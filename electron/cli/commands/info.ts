import type { Command } from '../command'
import { withRouter } from '../router'

export const infoCommand: Command = {
  name: ['info'],
  usage: 'info [--json]',
  summary: 'Thông tin cơ sở dữ liệu: đơn vị, phiên bản lược đồ, số bản ghi',
  options: { json: { type: 'boolean' } },
  channels: ['app.info', 'office.get', 'units.list', 'households.list'],
  async run({ values, dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const app = await call('app.info', {})
      const office = await call('office.get', {})
      const units = await call('units.list', {})
      // The register's size is the unfiltered list's total (no search: the count is exact).
      const { total } = await call('households.list', { limit: 1 })
      const info = {
        db: dbPath,
        schemaVersion: app.schemaVersion,
        appVersion: app.appVersion,
        office,
        units: units.length,
        households: total,
      }
      if (values.json) {
        io.out(JSON.stringify(info, null, 2))
      } else {
        io.out(`Cơ sở dữ liệu: ${info.db}`)
        io.out(`Phiên bản lược đồ: ${info.schemaVersion} (ứng dụng ${info.appVersion})`)
        io.out(
          office ? `Đơn vị: ${office.name} (${office.code}), tỉnh ${office.provinceCode}, chế độ ${office.mode}` : 'Đơn vị: chưa thiết lập',
        )
        if (office) io.out(`Chuẩn nghèo: ${office.standardId}`)
        io.out(`Đơn vị hành chính: ${info.units}`)
        io.out(`Hộ gia đình: ${info.households}`)
      }
      return 0
    })
  },
}
