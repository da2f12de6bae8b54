import { taskResultsReport } from '../../plans/task-results-report'
import type { ReportDefinition } from '../definition'

/** The plans' tasks with their lead agency, status and result, grouped by plan (built by the plans domain). */
export const taskResultsDefinition: ReportDefinition = {
  id: 'task-results',
  title: 'Báo cáo kết quả thực hiện nhiệm vụ giảm nghèo bền vững',
  orientation: 'landscape',
  params: ['year', 'period'],
  async build(ctx, params) {
    const doc = await taskResultsReport(ctx, { year: params.year, period: params.period })
    return { subtitle: doc.subtitle, body: doc.body }
  },
}
