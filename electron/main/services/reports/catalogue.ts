import { ApiError } from '@shared/contract/errors'
import type { ReportSummary } from '@shared/domain/reports'
import type { ReportDefinition } from './definition'
import { taskResultsDefinition } from './definitions/task-results'
import { unitsReport } from './definitions/units'
import { movementsPoorReport } from './definitions/movements-poor'
import { movementsNearPoorReport } from './definitions/movements-near-poor'
import { targetsReport } from './definitions/targets'
import { summaryReport } from './definitions/summary'
import { deprivationsNearPoorReport, deprivationsPoorReport } from './definitions/deprivations'
import { deprivationsChildrenReport } from './definitions/deprivations-children'
import { causesReport, ethnicityReport, groupsReport } from './definitions/breakdowns'
import { supportReport } from './definitions/support'
import { listNearPoorReport, listPoorReport } from './definitions/lists'

/** Every report the office can produce, in the order the catalogue lists them. */
export const REPORTS: readonly ReportDefinition[] = [
  summaryReport,
  movementsPoorReport,
  movementsNearPoorReport,
  deprivationsPoorReport,
  deprivationsNearPoorReport,
  deprivationsChildrenReport,
  groupsReport,
  ethnicityReport,
  causesReport,
  supportReport,
  listPoorReport,
  listNearPoorReport,
  targetsReport,
  taskResultsDefinition,
  unitsReport,
]

export function listReports(): ReportSummary[] {
  return REPORTS.map(({ id, title, orientation, params }) => ({ id, title, orientation, params }))
}

export function findReport(id: string): ReportDefinition {
  const report = REPORTS.find((r) => r.id === id)
  if (!report) throw new ApiError('NOT_FOUND', `Không có báo cáo "${id}".`, ['id'])
  return report
}
