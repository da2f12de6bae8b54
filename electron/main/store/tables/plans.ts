/** Row types of the plans domain's tables (migration files in ../migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PlanTables {}
