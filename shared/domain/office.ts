import { z } from 'zod'
import { codeProblem, OfficeLevelSchema } from './office-levels'

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
  /** Commune, district or province (shared/domain/office-levels.ts). */
  level: OfficeLevelSchema,
  standardId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OfficeProfile = z.infer<typeof OfficeProfileSchema>

export const OfficeFieldsSchema = z
  .object({
    code: OfficeCodeSchema,
    name: NameSchema,
    provinceCode: ProvinceCodeSchema,
    provinceName: z.string().trim().max(200).default(''),
    mode: OfficeModeSchema.default('office'),
    /**
     * The office's level. When given, the code must have the level's number of digits and the mode
     * follows from it; left out (older callers), the level follows from the mode (defaultLevel).
     */
    level: OfficeLevelSchema.optional(),
    standardId: z.string().min(1, 'Chọn chuẩn nghèo áp dụng'),
  })
  .superRefine((v, ctx) => {
    if (!v.level) return
    const problem = codeProblem(v.level, v.code)
    if (problem) ctx.addIssue({ code: 'custom', path: ['code'], message: problem })
  })
export type OfficeFields = z.input<typeof OfficeFieldsSchema>

/**
 * What every document the office issues carries: the place it is dated from, the issuing agency
 * lines and the signature block. Kept once in Settings; reports, review documents and urging
 * letters all start from it.
 */
export const LetterheadSchema = z
  .object({
    place: z.string().trim().min(1, 'Không được để trống').max(100),
    agency: z.array(z.string().trim().max(200)).min(1).max(3),
    signer: z.object({
      authority: z.string().trim().max(200),
      title: z.string().trim().max(200),
      name: z.string().trim().max(200),
    }),
  })
  .strict()
export type Letterhead = z.infer<typeof LetterheadSchema>
