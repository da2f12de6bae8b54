import { z } from 'zod'
import { channel } from './channel'
import { OfficeFieldsSchema, OfficeProfileSchema } from '../domain/office'
import { AdminUnitSchema, UnitCodeSchema, UnitDraftSchema, UnitKindSchema } from '../domain/units'
import { NameSchema } from '../domain/office'
import { StandardSummarySchema } from '../standards/schema'
import { NewUserSchema } from '../domain/users'
import { LetterheadSchema } from '../domain/office'
import { ExpectedImportResultSchema, ExpectedOfficesViewSchema } from '../domain/expected-offices'
import { PeriodSchema } from '../domain/packages'

const Empty = z.object({}).strict()

export const RowErrorSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() })

export const appChannels = {
  'app.info': channel({
    summary: 'Phiên bản ứng dụng, phiên bản lược đồ và tệp cơ sở dữ liệu đang mở',
    access: 'public',
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
    access: 'public',
    input: Empty,
    output: OfficeProfileSchema.nullable(),
  }),
  'office.setup': channel({
    changes: ['office', 'units', 'users'],
    summary: 'Thiết lập lần đầu: hồ sơ đơn vị và các đơn vị hành chính, trong một giao dịch',
    access: 'public',
    input: z
      .object({
        office: OfficeFieldsSchema,
        units: z.array(UnitDraftSchema).max(20000),
        /** The first account, an admin, created in the same transaction and signed in. */
        admin: NewUserSchema.omit({ role: true }).strict(),
      })
      .strict(),
    output: OfficeProfileSchema,
  }),
  'office.create': channel({
    changes: ['office'],
    summary:
      'Tạo sổ mới chỉ với hồ sơ đơn vị (dòng lệnh "init", sổ tập huấn); đơn vị hành chính và tài khoản đầu tiên thêm sau. Chỉ được khi chưa thiết lập',
    access: 'public',
    input: z.object({ office: OfficeFieldsSchema }).strict(),
    output: OfficeProfileSchema,
  }),
  'office.update': channel({
    changes: ['office'],
    summary: 'Sửa hồ sơ đơn vị',
    access: 'admin',
    input: OfficeFieldsSchema.strict(),
    output: OfficeProfileSchema,
  }),
  'office.letterhead': channel({
    summary: 'Nơi ban hành, dòng cơ quan và khối chữ ký dùng chung cho mọi văn bản của đơn vị',
    access: 'clerk',
    input: Empty,
    output: LetterheadSchema,
  }),
  'office.saveLetterhead': channel({
    changes: ['office'],
    summary: 'Sửa nơi ban hành, dòng cơ quan và khối chữ ký dùng chung',
    access: 'admin',
    input: LetterheadSchema,
    output: LetterheadSchema,
  }),
  'province.expected': channel({
    summary: 'Cấp tỉnh: các xã phải gửi báo cáo và xã nào đã gửi, chưa gửi gói của một kỳ',
    access: 'clerk',
    input: z.object({ period: PeriodSchema }).strict(),
    output: ExpectedOfficesViewSchema,
  }),
  'province.importExpected': channel({
    changes: ['packages'],
    summary: 'Cấp tỉnh: nhập danh sách xã phải gửi báo cáo từ tệp CSV/Excel (hộp thoại của tiến trình chính)',
    access: 'admin',
    input: Empty,
    output: z.discriminatedUnion('cancelled', [
      z.object({ cancelled: z.literal(true) }),
      ExpectedImportResultSchema.extend({ cancelled: z.literal(false) }),
    ]),
  }),
  'units.list': channel({
    summary: 'Tất cả đơn vị hành chính của văn phòng',
    access: 'clerk',
    input: Empty,
    output: z.array(AdminUnitSchema),
  }),
  'units.add': channel({
    changes: ['units'],
    summary: 'Thêm một đơn vị hành chính',
    access: 'admin',
    input: z
      .object({ parentId: z.string().uuid().nullable(), kind: UnitKindSchema, code: UnitCodeSchema.default(''), name: NameSchema })
      .strict(),
    output: AdminUnitSchema,
  }),
  'units.rename': channel({
    changes: ['units'],
    summary: 'Đổi tên một đơn vị, giữ tên cũ trong lịch sử',
    access: 'admin',
    input: z.object({ id: z.string().uuid(), name: NameSchema }).strict(),
    output: AdminUnitSchema,
  }),
  'units.merge': channel({
    changes: ['units', 'households'],
    summary: 'Sáp nhập một đơn vị vào đơn vị cùng cấp: chuyển hộ và đơn vị trực thuộc, giữ tên cũ trong lịch sử',
    access: 'admin',
    input: z.object({ fromId: z.string().uuid(), intoId: z.string().uuid() }).strict(),
    output: AdminUnitSchema,
  }),
  'units.pickFile': channel({
    summary: 'Chọn tệp CSV/Excel danh mục đơn vị (hộp thoại của tiến trình chính) và đọc thử',
    access: 'public',
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
  'files.release': channel({
    summary: 'Bỏ một tệp đã chọn mà chưa dùng (người dùng bấm Hủy): mã của lần chọn hết hiệu lực',
    input: z.object({ token: z.string().uuid() }).strict(),
    output: z.object({ released: z.boolean() }),
  }),
  'standards.list': channel({
    summary: 'Các chuẩn nghèo có sẵn',
    access: 'public',
    input: Empty,
    output: z.array(StandardSummarySchema),
  }),
}
