import { z } from 'zod'
import { channel } from './channel'
import { JobIdSchema, JobStatusSchema } from './jobs-types'
import { HouseholdInputSchema, SupportInputSchema } from '../domain/households'
import {
  AuditEntrySchema,
  DismissDuplicateSchema,
  DuplicateGroupSchema,
  HouseholdDetailSchema,
  HouseholdRowSchema,
  ListQuerySchema,
  ListResultSchema,
} from '../domain/household-views'
import { OfficeLevelSchema } from '../domain/office-levels'
import { ImportOptionsSchema, ImportResultSchema } from '../domain/household-import'
import { StandardOverrideSchema, StandardSchema } from '../standards/schema'

const Empty = z.object({}).strict()
const Id = z.object({ id: z.string().uuid() }).strict()
const Token = z.string().uuid()
/**
 * Where a walk through the whole register goes on from: opaque to the caller (it holds the last
 * row's sort key, which has characters the router's text cleaning would strip), URL-safe base64.
 */
const Cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'Con trỏ trang không hợp lệ')
  .max(8000)
const Saved = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(false) }),
  z.object({ saved: z.literal(true), fileName: z.string() }),
])

// Channels of the domain: Hộ gia đình (sổ hộ, thành viên, phân loại, nhập Excel), and the generic jobs.
export const householdChannels = {
  'households.list': channel({
    summary: 'Một trang của sổ hộ: lọc, tìm không dấu, sắp xếp theo thứ tự tiếng Việt',
    input: ListQuerySchema.strict(),
    output: ListResultSchema,
  }),
  'households.listFrom': channel({
    summary: 'Đọc hết sổ hộ từng trang theo thứ tự của danh sách: trang tiếp sau con trỏ (không tìm kiếm)',
    input: ListQuerySchema.omit({ search: true, offset: true, limit: true })
      .extend({ after: Cursor.nullable().default(null) })
      .strict(),
    output: z.object({ rows: z.array(HouseholdRowSchema), next: Cursor.nullable() }),
  }),
  'households.demoData': channel({
    changes: ['households', 'units'],
    summary: 'Sinh dữ liệu mẫu (tên tiếng Việt, thôn, thu nhập, chỉ số thiếu hụt, nhiều năm) vào sổ',
    // Thousands of made-up households in the register: the admin's decision, never a clerk's slip.
    access: 'admin',
    input: z
      .object({
        households: z.number().int().min(1).max(2_000_000),
        seed: z.number().int().default(1),
        /** The unit tree to build when the office has none: by default the office's own level. */
        level: OfficeLevelSchema.exclude(['province']).nullable().default(null),
      })
      .strict(),
    output: z.object({ households: z.number().int(), seed: z.number().int() }),
  }),
  'households.get': channel({ summary: 'Một hộ với thành viên, đánh giá các năm và hỗ trợ', input: Id, output: HouseholdDetailSchema }),
  'households.save': channel({
    changes: ['households'],
    summary: 'Thêm hoặc sửa một hộ, thành viên và đánh giá của một năm (một giao dịch, có nhật ký)',
    input: HouseholdInputSchema,
    output: HouseholdDetailSchema,
  }),
  'households.addSupport': channel({
    changes: ['households'],
    summary: 'Ghi nhận một lần hỗ trợ cho hộ',
    input: SupportInputSchema,
    output: HouseholdDetailSchema,
  }),
  'households.audit': channel({ summary: 'Nhật ký thay đổi của một hộ', input: Id, output: z.array(AuditEntrySchema) }),
  'households.duplicates': channel({
    summary: 'Các hộ có thể bị trùng (cùng số CCCD, hoặc cùng họ tên và ngày sinh), trừ nhóm đã xác nhận không trùng',
    input: Empty,
    output: z.array(DuplicateGroupSchema),
  }),
  'households.dismissDuplicate': channel({
    changes: ['households'],
    summary: 'Xác nhận một nhóm hộ có thể trùng là các hộ khác nhau',
    input: DismissDuplicateSchema,
    output: z.object({ dismissed: z.literal(true) }),
  }),
  'households.standards': channel({
    summary: 'Các chuẩn nghèo đang áp dụng, đã gồm phần hiệu chỉnh của đơn vị',
    input: Empty,
    output: z.array(StandardSchema),
  }),
  'households.setStandardOverride': channel({
    changes: ['households'],
    summary: 'Hiệu chỉnh (hoặc bỏ hiệu chỉnh) các giá trị chưa xác nhận của một chuẩn nghèo',
    // The B1 thresholds and indicator wording classify every household: a setting, the admin's (Settings shows it so).
    access: 'admin',
    input: z.object({ standardId: z.string(), override: StandardOverrideSchema.nullable() }).strict(),
    output: StandardSchema,
  }),
  'households.import.pick': channel({
    summary: 'Chọn tệp Excel danh sách hộ (hộp thoại của tiến trình chính)',
    input: Empty,
    output: z.discriminatedUnion('cancelled', [
      z.object({ cancelled: z.literal(true) }),
      z.object({ cancelled: z.literal(false), token: z.string(), fileName: z.string() }),
    ]),
  }),
  'households.import.preview': channel({
    summary: 'Xem trước: đọc, kiểm tra và chạy thử việc nhập rồi hoàn tác',
    input: z.object({ token: Token, options: ImportOptionsSchema }).strict(),
    output: ImportResultSchema,
  }),
  'households.import.start': channel({
    changes: ['households'],
    summary: 'Bắt đầu nhập (tác vụ nền có tiến độ và Hủy); kết quả qua jobs.status',
    input: z.object({ token: Token, options: ImportOptionsSchema }).strict(),
    output: JobIdSchema,
  }),
  'households.import.saveErrorReport': channel({
    summary: 'Lưu bản sao tệp đã nhập có thêm cột lỗi',
    input: z.object({ token: Token }).strict(),
    output: Saved,
  }),
  'households.template.save': channel({ summary: 'Lưu mẫu danh sách trống có danh sách chọn', input: Empty, output: Saved }),
  'jobs.status': channel({ summary: 'Tiến độ và kết quả của một tác vụ nền', input: JobIdSchema, output: JobStatusSchema }),
  'jobs.cancel': channel({ summary: 'Yêu cầu dừng một tác vụ nền (dữ liệu giữ nguyên)', input: JobIdSchema, output: JobStatusSchema }),
}
