/** Row types of the system domain's tables (migration files in ../migrations). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SystemTables {}
