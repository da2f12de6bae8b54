/** Row types of the users domain (migration 0007_users). */
export interface UserTable {
  id: string
  username: string
  display_name: string
  role: 'clerk' | 'approver' | 'admin'
  password_hash: string
  active: number
  last_sign_in_at: string | null
  created_at: string
  updated_at: string
}

export interface UserTables {
  users: UserTable
}
