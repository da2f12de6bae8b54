import type { Generated } from 'kysely'
import type { OfficeLevel } from '@shared/domain/office-levels'
import type { HouseholdTables } from './tables/households'
import type { PlanTables } from './tables/plans'
import type { PackageTables } from './tables/packages'
import type { SystemTables } from './tables/system'
import type { ReviewTables } from './tables/reviews'
import type { UserTables } from './tables/users'

/**
 * Row types of the SQLite schema, one interface per table, kept in step with the migrations
 * (tests/integration/store-schema.test.ts compares them with the live database's columns).
 * Booleans are 0/1 integers and money is integer VND, as SQLite stores them.
 */
export interface OfficeTable {
  id: string
  code: string
  name: string
  province_code: string
  province_name: string
  mode: 'office' | 'province'
  /** 'commune' | 'district' | 'province' (migration 0013). */
  level: OfficeLevel
  standard_id: string
  created_at: string
  updated_at: string
}

export interface AdminUnitTable {
  id: string
  parent_id: string | null
  kind: string
  code: string
  name: string
  name_folded: string
  active: number
  created_at: string
  updated_at: string
  /** '' for this database's own units; at the province, the office whose package brought the unit (migration 0012). */
  office_code: Generated<string>
}

export interface AdminUnitNameTable {
  unit_id: string
  name: string
  until: string
}

export interface HouseholdTable {
  id: string
  code: string
  unit_id: string
  head_name: string
  head_name_folded: string
  area_type: 'rural' | 'urban'
  ethnicity: string
  address: string
  phone: string
  notes: string
  created_at: string
  updated_at: string
  // Added by 0002_households (defaulted, so rows written before it still insert):
  office_id: Generated<string>
  member_count: Generated<number>
  /** SpecialGroup[] as JSON. */
  special_groups: Generated<string>
  /** PovertyCause[] as JSON. */
  poverty_causes: Generated<string>
  latest_year: number | null
  latest_class: string | null
  head_name_sort: Generated<string>
  /** The household's key in household_search_terms (migration 0009); an implicit rowid may change on VACUUM, this does not. */
  search_rowid: number | null
  /** Names, citizen IDs and code in search form (shared/text/search-terms.ts). */
  search_text: Generated<string>
  /** Main livelihood (migration 0011): 'farming' | 'forestry' | 'fishery' | 'salt' | 'other'; null until recorded. */
  livelihood: Generated<'farming' | 'forestry' | 'fishery' | 'salt' | 'other' | null>
}

export interface AuditLogTable {
  seq: Generated<number>
  id: string
  at: string
  actor: string
  entity: string
  entity_id: string
  action: string
  before_json: string | null
  after_json: string | null
}

/** At the province: a commune (office) it expects a package from (migration 0013). */
export interface ExpectedOfficeTable {
  code: string
  name: string
  name_folded: string
  created_at: string
  updated_at: string
}

export interface SettingTable {
  key: string
  value_json: string
  updated_at: string
}

/** Every table: the foundation's here, each domain's in tables/<domain>.ts. */
export interface Database extends HouseholdTables, PlanTables, PackageTables, SystemTables, ReviewTables, UserTables {
  office: OfficeTable
  admin_units: AdminUnitTable
  admin_unit_names: AdminUnitNameTable
  households: HouseholdTable
  audit_log: AuditLogTable
  settings: SettingTable
  expected_offices: ExpectedOfficeTable
}
