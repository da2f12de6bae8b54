import { existsSync } from 'node:fs'
import { closeContext, createContext } from '../../main/app-context'
import { getOffice } from '../../main/services/office'
import { listUnits } from '../../main/services/units'
import type { Command } from '../command'

export const infoCommand: Command = {
  name: ['info'],
  usage: 'info [--json]',
  summary: 'Thông tin cơ sở dữ liệu: đơn vị, phiên bản lược đồ, số bản ghi',
  options: { json: { type: 'boolean' } },
  async run({ values, dbPath }, io) {
    if (!existsSync(dbPath)) {
      io.err(`Không có cơ sở dữ liệu ${dbPath}. Hãy chạy "so-giam-ngheo init" trước.`)
      return 1
    }
    const ctx = await createContext({ dbPath })
    try {
      const office = await getOffice(ctx)
      const units = await listUnits(ctx)
      const { count } = await ctx.store.db
        .selectFrom('households')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
      const info = {
        db: dbPath,
        schemaVersion: ctx.store.schemaVersion,
        appVersion: ctx.appVersion,
        office,
        units: units.length,
        households: Number(count),
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
    } finally {
      await closeContext(ctx)
    }
  },
}
