import { standardInForce, BUILTIN_STANDARDS } from '@shared/standards'
import { localToday } from '@shared/domain/deadline'
import { OfficeFieldsSchema } from '@shared/domain/office'
import { OFFICE_LEVELS, OfficeLevelSchema } from '@shared/domain/office-levels'
import { UsageError, type Command } from '../command'
import { withRouter } from '../router'

export const initCommand: Command = {
  name: ['init'],
  usage:
    'init --office-code C --office-name N --province-code P [--province-name T] [--level commune|district|province] [--mode office|province] [--standard ID]',
  summary: 'Tạo cơ sở dữ liệu mới với hồ sơ đơn vị',
  options: {
    'office-code': { type: 'string' },
    'office-name': { type: 'string' },
    'province-code': { type: 'string' },
    'province-name': { type: 'string' },
    mode: { type: 'string' },
    level: { type: 'string' },
    standard: { type: 'string' },
  },
  channels: ['office.create'],
  async run({ values, dbPath }, io) {
    for (const required of ['office-code', 'office-name', 'province-code']) {
      if (typeof values[required] !== 'string') throw new UsageError(`Thiếu --${required}`)
    }
    const mode = (values.mode as string | undefined) ?? 'office'
    if (mode !== 'office' && mode !== 'province') throw new UsageError('--mode phải là office hoặc province')
    const level = values.level as string | undefined
    if (level !== undefined && !OfficeLevelSchema.safeParse(level).success)
      throw new UsageError('--level phải là commune, district hoặc province')
    // By default the standard in force today.
    const standardId = (values.standard as string | undefined) ?? standardInForce(BUILTIN_STANDARDS, localToday(new Date()))?.id ?? ''
    // Checked before the file is created, so a typo leaves no empty database behind (the channel checks again).
    const office = OfficeFieldsSchema.parse({
      code: values['office-code'],
      name: values['office-name'],
      provinceCode: values['province-code'],
      provinceName: values['province-name'] ?? '',
      mode,
      level,
      standardId,
    })
    return withRouter(
      dbPath,
      io,
      {},
      async ({ call }) => {
        const created = await call('office.create', { office })
        io.out(
          `Đã tạo ${dbPath} cho ${created.name} (${created.code}, ${OFFICE_LEVELS[created.level].label}), chuẩn nghèo ${created.standardId}.`,
        )
        return 0
      },
      { create: true },
    )
  },
}
