import { z } from 'zod'

export const OFFICE_MODES = ['office', 'province'] as const
export const OfficeModeSchema = z.enum(OFFICE_MODES)
export type OfficeMode = z.infer<typeof OfficeModeSchema>

export const OfficeCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,20}$/, 'Mã đơn vị gồm 1–20 chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới')
export const ProvinceCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{2}$/, 'Mã tỉnh gồm đúng 2 chữ số (theo danh mục của Tổng cục Thống kê)')
export const NameSchema = z.string().trim().min(1, 'Không được để trống').max(200, 'Tối đa 200 ký tự')

export const OfficeProfileSchema = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  mode: OfficeModeSchema,
  standardId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OfficeProfile = z.infer<typeof OfficeProfileSchema>

export const OfficeFieldsSchema = z.object({
  code: OfficeCodeSchema,
  name: NameSchema,
  provinceCode: ProvinceCodeSchema,
  provinceName: z.string().trim().max(200).default(''),
  mode: OfficeModeSchema.default('office'),
  standardId: z.string().min(1, 'Chọn chuẩn nghèo áp dụng'),
})
export type OfficeFields = z.input<typeof OfficeFieldsSchema>
