/**
 * What each table of the register holds, in the words a clerk uses. Counts of rows reach the
 * screen and printed sheets (a package's cover sheet, the province's preview of a package, the
 * comparison before a restore); a table's name never does. The order is the order they are listed
 * in. `tests/unit/table-labels.test.ts` checks that every table of a new register has a label.
 */
export const TABLE_LABELS: Readonly<Record<string, string>> = {
  office: 'Thông tin đơn vị',
  admin_units: 'Đơn vị hành chính (xã, thôn, tổ)',
  admin_unit_names: 'Tên cũ của đơn vị hành chính',
  households: 'Hộ gia đình',
  household_members: 'Thành viên hộ',
  household_assessments: 'Kết quả phân loại hộ theo năm',
  household_support: 'Hỗ trợ hộ đã nhận',
  household_duplicate_dismissals: 'Cặp hộ đã xác nhận không trùng',
  household_search_terms: 'Chỉ mục tìm kiếm hộ',
  review_cycles: 'Đợt rà soát',
  review_cases: 'Hồ sơ rà soát',
  review_meetings: 'Cuộc họp rà soát',
  review_votes: 'Ý kiến tại cuộc họp',
  review_results: 'Kết quả rà soát',
  review_targets: 'Chỉ tiêu giảm nghèo',
  agencies: 'Cơ quan, đơn vị phối hợp',
  plans: 'Kế hoạch',
  plan_tasks: 'Nhiệm vụ',
  task_coordinators: 'Cơ quan phối hợp của nhiệm vụ',
  task_units: 'Địa bàn của nhiệm vụ',
  task_households: 'Hộ được giao trong nhiệm vụ',
  task_progress: 'Tiến độ nhiệm vụ',
  task_reports: 'Báo cáo kết quả nhiệm vụ',
  expected_offices: 'Danh sách xã phải gửi gói',
  packages_sent: 'Gói đã gửi',
  packages_received: 'Gói đã nhận',
  package_row_origin: 'Nguồn gốc dữ liệu từ các gói',
  signing_keys: 'Khóa ký số',
  trusted_certificates: 'Chứng thư số được tin cậy',
  trusted_cas: 'Tổ chức chứng thực được tin cậy',
  crls: 'Danh sách chứng thư bị thu hồi (CRL)',
  users: 'Tài khoản người dùng',
  settings: 'Cài đặt',
  audit_log: 'Nhật ký thao tác',
  system_selftest: 'Dữ liệu tự kiểm tra của chương trình',
}

/** Tables a register of another version may hold that this one does not know: counted together. */
export const OTHER_TABLES_LABEL = 'Dữ liệu khác'

export const tableLabel = (table: string): string => TABLE_LABELS[table] ?? OTHER_TABLES_LABEL

export interface LabelledCount {
  label: string
  /** Every table counted under this label (several only for OTHER_TABLES_LABEL). */
  tables: string[]
}

/**
 * Rows of one or more sets of counts, each a label and the tables behind it: known tables in the
 * order of TABLE_LABELS, then the unknown ones together, last.
 */
export function labelledTables(...counts: Readonly<Record<string, number>>[]): LabelledCount[] {
  const present = new Set(counts.flatMap((c) => Object.keys(c)))
  const rows: LabelledCount[] = Object.keys(TABLE_LABELS)
    .filter((t) => present.has(t))
    .map((t) => ({ label: TABLE_LABELS[t]!, tables: [t] }))
  const others = [...present].filter((t) => !(t in TABLE_LABELS)).sort()
  if (others.length > 0) rows.push({ label: OTHER_TABLES_LABEL, tables: others })
  return rows
}

/** The sum of a labelled row's tables in one set of counts. */
export const countOf = (row: LabelledCount, counts: Readonly<Record<string, number>>): number =>
  row.tables.reduce((sum, t) => sum + (counts[t] ?? 0), 0)

/** "Hộ gia đình: 3.000; Thành viên hộ: 10.312" — numbers as Vietnamese readers write them. */
export function countsText(counts: Readonly<Record<string, number>>): string {
  return labelledTables(counts)
    .map((row) => `${row.label}: ${countOf(row, counts).toLocaleString('vi-VN')}`)
    .join('; ')
}
