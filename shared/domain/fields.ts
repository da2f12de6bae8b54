import { z } from 'zod'

/** Field schemas the review's shapes share (kept apart so reviews.ts and review-movements.ts need not import each other). */
export const YearSchema = z.number().int('Năm không hợp lệ').min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ')
export const Text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự`)
