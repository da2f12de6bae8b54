import type { MovementGroup } from '@shared/domain/reviews'
import type { ReportDefinition } from '../reports/definition'
import { movementsByRow } from './movements'
import { movementTable } from './movement-table'

/** Forms 2 and 3: the year's movement of poor / near-poor households, from the previous review year to this one, one row per unit under the office. */
export function movementReport(group: MovementGroup): ReportDefinition {
  const who = group === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo'
  return {
    id: group === 'poor' ? 'movements-poor' : 'movements-near-poor',
    title: `Biến động ${who}`,
    orientation: 'landscape',
    params: ['year', 'commune'],
    async build(ctx, params) {
      const { rows, heading } = await movementsByRow(ctx, {
        from: { year: params.year - 1 },
        to: { year: params.year },
        communeId: params.communeId,
      })
      return {
        subtitle: `Từ kết quả rà soát năm ${params.year - 1} đến năm ${params.year}`,
        body: [
          { kind: 'table', table: movementTable(rows, group, heading) },
          {
            kind: 'paragraph',
            text: 'Số cuối kỳ = Số đầu kỳ − Giảm trong kỳ + Tăng trong kỳ. Số khẩu tính theo số thành viên hiện tại của hộ.',
            italic: true,
          },
        ],
      }
    },
  }
}
