/** Row types of the plans domain's tables (migration 0003_plans). */
export interface AgencyTable {
  id: string
  name: string
  /** Folded name (no case, diacritics, punctuation) so "Sở Y tế" and "SỞ Y TẾ" are one agency. */
  name_key: string
  short_name: string
  short_key: string
  kind: string
  contact_person: string
  phone: string
  email: string
  address: string
  created_at: string
  updated_at: string
}

export interface PlanTable {
  id: string
  number: string
  number_key: string
  issued_on: string
  issuer: string
  title: string
  period_from: number
  period_to: number
  implements: string
  targets: string
  original_location: string
  created_at: string
  updated_at: string
}

export interface PlanTaskTable {
  id: string
  plan_id: string
  seq: string
  /** seq with its numbers zero-padded, so "2" sorts before "10" and "II.1" after "I.3". */
  sort_key: string
  content: string
  lead_agency_id: string
  /** A Deadline (shared/domain/deadline.ts) as JSON. */
  deadline_json: string
  state: 'not_started' | 'in_progress' | 'done'
  completed_on: string | null
  result: string
  created_at: string
  updated_at: string
}

export interface TaskCoordinatorTable {
  task_id: string
  agency_id: string
}

export interface TaskUnitTable {
  task_id: string
  unit_id: string
}

export interface TaskHouseholdTable {
  task_id: string
  household_id: string
}

export interface TaskProgressTable {
  id: string
  task_id: string
  on_date: string
  note: string
  actor: string
  created_at: string
}

export interface TaskReportTable {
  id: string
  task_id: string
  agency_id: string
  due_date: string
  received_on: string
  summary: string
  created_at: string
}

export interface PlanTables {
  agencies: AgencyTable
  plans: PlanTable
  plan_tasks: PlanTaskTable
  task_coordinators: TaskCoordinatorTable
  task_units: TaskUnitTable
  task_households: TaskHouseholdTable
  task_progress: TaskProgressTable
  task_reports: TaskReportTable
}
