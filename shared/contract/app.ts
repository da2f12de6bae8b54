import { z } from 'zod'
import { channel } from './channel'
import { OfficeFieldsSchema, OfficeProfileSchema } from '../domain/office'
import { AdminUnitSchema, UnitCodeSchema, UnitDraftSchema, UnitKindSchema } from '../domain/units'
import { NameSchema } from '../domain/office'
import { StandardSummarySchema } from '../standards/schema'

const Empty = z.object({}).strict()

export const RowErrorSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() })

export const appChannels = {
  'app.info': channel({
    summary: 'Phiên bản ứng dụng, phiên bản lược đồ và tệp cơ sở dữ liệu đang mở',
    input: Empty,
    output: z.object({
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      dbPath: z.string(),
      officeSetUp: z.boolean(),
    }),
  }),
  'office.get': channel({
    summary: 'Hồ sơ đơn vị, hoặc null trước lần thiết lập đầu tiên',
    input: Empty,
    output: OfficeProfileSchema.nullable(),
  }),
  'office.setup': channel({
    summary: 'Thiết lập lần đầu: hồ sơ đơn vị và các đơn vị hành chính, trong một giao dịch',
    input: z.object({ office: OfficeFieldsSchema, units: z.array(UnitDraftSchema).max(20000) }).strict(),
    output: OfficeProfileSchema,
  }),
  'office.update': channel({
    summary: 'Sửa hồ sơ đơn vị',
    input: OfficeFieldsSchema.strict(),
    output: OfficeProfileSchema,
  }),
  'units.list': channel({
    summary: 'Tất cả đơn vị hành chính của văn phòng',
    input: Empty,
    output: z.array(AdminUnitSchema),
  }),
  'units.add': channel({
    summary: 'Thêm một đơn vị hành chính',
    input: z
      .object({ parentId: z.string().uuid().nullable(), kind: UnitKindSchema, code: UnitCodeSchema.default(''), name: NameSchema })
      .strict(),
    output: AdminUnitSchema,
  }),
  'units.rename': channel({
    summary: 'Đổi tên một đơn vị, giữ tên cũ trong lịch sử',
    input: z.object({ id: z.string().uuid(), name: NameSchema }).strict(),
    output: AdminUnitSchema,
  }),
  'units.pickFile': channel({
    summary: 'Chọn tệp CSV/Excel danh mục đơn vị (hộp thoại của tiến trình chính) và đọc thử',
    input: Empty,
    output: z.discriminatedUnion('cancelled', [
      z.object({ cancelled: z.literal(true) }),
      z.object({
        cancelled: z.literal(false),
        fileName: z.string(),
        drafts: z.array(UnitDraftSchema),
        errors: z.array(RowErrorSchema),
      }),
    ]),
  }),
  'standards.list': channel({
    summary: 'Các chuẩn nghèo có sẵn',
    input: Empty,
    output: z.array(StandardSummarySchema),
  }),
}
