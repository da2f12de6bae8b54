import { z } from 'zod'
import { AreaTypeSchema, ClassificationSchema } from './households'
import type { FieldSynonyms } from '../text/header-match'

/** The columns a household list can have, with the ways offices word them (folded matching, shared/text/header-match). */
export const IMPORT_FIELDS = [
  { field: 'code', synonyms: ['Mã hộ', 'Mã hộ gia đình', 'Mã số hộ', 'Mã HGĐ'] },
  { field: 'headName', synonyms: ['Họ và tên chủ hộ', 'Họ tên chủ hộ', 'Chủ hộ', 'Tên chủ hộ', 'Họ và tên', 'Họ tên'] },
  { field: 'birth', synonyms: ['Năm sinh', 'Ngày sinh', 'Ngày tháng năm sinh', 'Ngày, tháng, năm sinh'] },
  { field: 'sex', synonyms: ['Giới tính', 'Nam/Nữ', 'Giới'] },
  { field: 'ethnicity', synonyms: ['Dân tộc'] },
  {
    field: 'citizenId',
    synonyms: ['Số CCCD/CMND', 'Số CCCD', 'CCCD', 'CMND', 'Số định danh cá nhân', 'Căn cước công dân', 'Số CMND/CCCD'],
  },
  { field: 'village', synonyms: ['Thôn', 'Thôn/bản', 'Thôn, bản', 'Thôn/tổ', 'Tổ dân phố', 'Thôn/Tổ dân phố', 'Bản', 'Xóm', 'Ấp'] },
  { field: 'address', synonyms: ['Địa chỉ', 'Nơi ở'] },
  { field: 'areaType', synonyms: ['Khu vực', 'Thành thị/nông thôn', 'Nông thôn/thành thị'] },
  { field: 'memberCount', synonyms: ['Số nhân khẩu', 'Số thành viên', 'Nhân khẩu', 'Số người', 'Số khẩu'] },
  {
    field: 'income',
    synonyms: ['Thu nhập BQ', 'Thu nhập bình quân', 'Thu nhập', 'Thu nhập bình quân đầu người', 'Thu nhập BQ đầu người/tháng'],
  },
  {
    field: 'deprivations',
    synonyms: ['Các chỉ số thiếu hụt', 'Chỉ số thiếu hụt', 'Thiếu hụt', 'Các chỉ số thiếu hụt dịch vụ xã hội cơ bản'],
  },
  { field: 'deprivationCount', synonyms: ['Số chỉ số', 'Số chỉ số thiếu hụt', 'Tổng số chỉ số thiếu hụt'] },
  { field: 'classification', synonyms: ['Phân loại', 'Loại hộ', 'Xếp loại', 'Phân loại hộ'] },
  { field: 'livelihood', synonyms: ['Ngành nghề chính', 'Nghề nghiệp chính', 'Nguồn thu nhập chính', 'Ngành nghề', 'Nghề nghiệp'] },
  { field: 'phone', synonyms: ['Điện thoại', 'Số điện thoại', 'SĐT'] },
  { field: 'notes', synonyms: ['Ghi chú'] },
] as const satisfies readonly FieldSynonyms[]

export type ImportField = (typeof IMPORT_FIELDS)[number]['field']
export const IMPORT_FIELD_NAMES = IMPORT_FIELDS.map((f) => f.field) as ImportField[]
export const ImportFieldSchema = z.enum(IMPORT_FIELD_NAMES as [string, ...string[]])

export const ImportOptionsSchema = z.object({
  sheet: z.string().nullable().default(null),
  /** The clerk's corrections of the automatic column match: field → column index (0-based), or null to ignore. */
  mapping: z.record(z.string(), z.number().int().nonnegative().nullable()).default({}),
  /** Review year of the list; by default the year in the title ("… NĂM 2024") or the current year. */
  year: z.number().int().min(2016).max(2100).nullable().default(null),
  mode: z.enum(['all_or_nothing', 'valid_only']).default('all_or_nothing'),
  defaultAreaType: AreaTypeSchema.default('rural'),
  /** Parent for villages the register does not know yet. */
  communeId: z.string().uuid().nullable().default(null),
})
export type ImportOptions = z.input<typeof ImportOptionsSchema>

export const ImportRowErrorSchema = z.object({ row: z.number().int(), column: z.string(), message: z.string() })
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  fileName: z.string(),
  sheet: z.string(),
  sheets: z.array(z.string()),
  year: z.number().int(),
  headerRow: z.number().int(),
  columns: z.array(z.string()),
  mapping: z.array(z.object({ field: z.string(), column: z.number().int(), header: z.string() })),
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  /** Whether anything was written (false for a preview, or all-or-nothing with rejected rows). */
  committed: z.boolean(),
  errors: z.array(ImportRowErrorSchema),
  notices: z.array(z.string()),
  addedVillages: z.array(z.string()),
  preview: z.array(
    z.object({
      row: z.number().int(),
      action: z.enum(['create', 'update', 'reject']),
      code: z.string(),
      headName: z.string(),
      village: z.string(),
      classification: ClassificationSchema.nullable(),
      fileClassification: ClassificationSchema.nullable(),
    }),
  ),
})
export type ImportResult = z.infer<typeof ImportResultSchema>
