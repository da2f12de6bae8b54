import type { Cell } from '@shared/print/document'
import type { ReportDefinition } from '../definition'
import { targetProgress } from '../../reviews/targets'

/** The plan's targets against the results of each review year (the same figures as the overview's chart). */
export const targetsReport: ReportDefinition = {
  id: 'targets',
  title: 'Kết quả thực hiện chỉ tiêu giảm nghèo',
  orientation: 'landscape',
  params: ['year'],
  async build(ctx, params) {
    const progress = await targetProgress(ctx)
    const rows: Cell[][] = []
    for (const t of progress) {
      const y = t.years.find((x) => x.year === params.year)
      if (!y) continue
      rows.push([
        rows.length + 1,
        t.scopeName,
        t.label + (t.planNumber ? ` (KH ${t.planNumber})` : ''),
        y.expected,
        y.actual,
        y.met === null ? 'Chưa có số liệu' : y.met ? 'Đạt' : 'Chưa đạt',
      ])
    }
    return {
      subtitle: `${rows.length} chỉ tiêu áp dụng cho năm ${params.year}`,
      body: [
        {
          kind: 'table',
          table: {
            header: [
              [
                { text: 'STT' },
                { text: 'Phạm vi' },
                { text: 'Chỉ tiêu' },
                { text: 'Kế hoạch' },
                { text: 'Thực hiện' },
                { text: 'Đánh giá' },
              ],
            ],
            columns: [
              { kind: 'int', width: 5 },
              { kind: 'text', width: 20 },
              { kind: 'text', width: 50 },
              { kind: 'int', width: 12 },
              { kind: 'int', width: 12 },
              { kind: 'text', width: 16 },
            ],
            rows,
          },
        },
        {
          kind: 'paragraph',
          text: 'Chỉ tiêu tỷ lệ: số điểm phần trăm giảm so với năm trước. Chỉ tiêu giảm số hộ: phần trăm giảm lũy kế so với năm gốc, kế hoạch tính theo lộ trình đều.',
          italic: true,
        },
      ],
    }
  },
}
