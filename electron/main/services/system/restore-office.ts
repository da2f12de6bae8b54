import type { DbFacts } from './db-facts'

type OfficeFacts = NonNullable<DbFacts['office']>

/** Why a restore would put another office's register (or an office's over the province's) in place of this one. */
export interface OfficeMismatch {
  message: string
  /** The code the admin types to confirm: the backup's office code (the current one for a backup of an empty register). */
  confirmCode: string
}

function describe(o: OfficeFacts): string {
  const kind = o.mode === 'province' ? 'cơ sở dữ liệu của tỉnh' : 'cơ sở dữ liệu của đơn vị'
  return `${o.name} (mã ${o.code}, ${kind})`
}

/**
 * Compares the office of the database being replaced with the backup's. Nothing to confirm when the
 * current database has no office (a new installation, or one too damaged to read: the usual reasons
 * to restore) or when both are the same office in the same mode.
 */
export function officeMismatch(current: OfficeFacts | null, backup: OfficeFacts | null): OfficeMismatch | null {
  if (!current) return null
  if (!backup) {
    return {
      message:
        `Bản sao lưu này chưa thiết lập đơn vị (sổ trống), còn cơ sở dữ liệu hiện tại là của ${describe(current)}: ` +
        `khôi phục sẽ xóa toàn bộ sổ của ${current.name}.`,
      confirmCode: current.code,
    }
  }
  const otherOffice = backup.code !== current.code
  const otherMode = (backup.mode ?? 'office') !== (current.mode ?? 'office')
  if (!otherOffice && !otherMode) return null
  const what = otherMode
    ? backup.mode === 'province'
      ? 'Bản sao lưu là cơ sở dữ liệu của tỉnh, còn cơ sở dữ liệu hiện tại là của một đơn vị'
      : 'Bản sao lưu là cơ sở dữ liệu của một đơn vị, còn cơ sở dữ liệu hiện tại là của tỉnh'
    : 'Bản sao lưu là của một đơn vị khác'
  return {
    message:
      `${what}: bản sao lưu của ${describe(backup)}, hiện tại là ${describe(current)}. ` +
      `Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng dữ liệu của ${backup.name}.`,
    confirmCode: backup.code,
  }
}

/** True when the admin typed the code the mismatch asks for (spaces around it do not count). */
export function confirmsMismatch(mismatch: OfficeMismatch, typed: string | undefined): boolean {
  return typed !== undefined && typed.trim() === mismatch.confirmCode
}
