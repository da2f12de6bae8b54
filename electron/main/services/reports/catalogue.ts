import { ApiError } from '@shared/contract/errors'
import type { ReportSummary } from '@shared/domain/reports'
import type { ReportDefinition } from './definition'
import { taskResultsDefinition } from './definitions/task-results'
import { unitsReport } from './definitions/units'
import { movementsPoorReport } from './definitions/movements-poor'
import { movementsNearPoorReport } from './definitions/movements-near-poor'
import { targetsReport } from './definitions/targets'

/** Every report the office can produce, in the order the catalogue lists them. */
export const REPORTS: readonly ReportDefinition[] = [
  unitsReport,
  taskResultsDefinition,
  movementsPoorReport,
  movementsNearPoorReport,
  targetsReport,
]

export function listReports(): ReportSummary[] {
  return REPORTS.map(({ id, title, orientation, params }) => ({ id, title, orientation, params }))
}

export function findReport(id: string): ReportDefinition {
  const report = REPORTS.find((r) => r.id === id)
  if (!report) throw new ApiError('NOT_FOUND', `Không có báo cáo "${id}".`, ['id'])
  return report
}
