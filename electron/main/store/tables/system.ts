/** Row types of the system domain's tables (migration 0005_system). */

/**
 * Scratch rows written by the `selftest-write` maintenance command: one large transaction used to
 * check, on this disk and this build, that an interrupted write leaves all or nothing (the
 * reliability suite kills it at random points). Never part of the register; each run replaces the last.
 */
export interface SystemSelftestTable {
  batch_id: string
  seq: number
  payload: string
  written_at: string
}

export interface SystemTables {
  system_selftest: SystemSelftestTable
}
