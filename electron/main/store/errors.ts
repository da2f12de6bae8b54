import { ApiError } from '@shared/contract/errors'

/** Why a database could not be opened; each carries a message a clerk can act on. */
export type StoreErrorCode =
  | 'DB_NEWER'
  | 'DB_CORRUPT'
  | 'DB_NOT_DATABASE'
  | 'DB_MIGRATION_FAILED'
  /** on a read-only medium or folder: readable, not damaged, cannot be written */
  | 'DB_READ_ONLY'
  /** being restored by another process, or locked by a program that is not this app */
  | 'DB_BUSY'

export class StoreError extends Error {
  readonly code: StoreErrorCode
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
    this.code = code
  }
}

/**
 * The refusals of SQLite and of the file system that an office can meet on an ordinary day: the
 * database held by another program, a full disk, a write-protected USB stick, a folder the account
 * may not write, a file that is not there, a stick pulled out. One classification for every caller
 * (openStore, the router, the CLI, the jobs, the services that write files), so that none of them
 * shows SQLite's or Node's English text ("database is locked", "ENOSPC: no space left on device").
 */
export type SystemErrorKind =
  'busy' | 'full' | 'read_only' | 'no_access' | 'cant_open' | 'not_found' | 'io' | 'corrupt' | 'no_memory' | 'constraint'

const SQLITE_KINDS: [prefix: string, kind: SystemErrorKind][] = [
  ['SQLITE_BUSY', 'busy'],
  ['SQLITE_LOCKED', 'busy'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_READONLY', 'read_only'],
  ['SQLITE_CANTOPEN', 'cant_open'],
  ['SQLITE_PERM', 'no_access'],
  ['SQLITE_AUTH', 'no_access'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'corrupt'],
  ['SQLITE_NOMEM', 'no_memory'],
  ['SQLITE_CONSTRAINT', 'constraint'],
]

const ERRNO_KINDS: Record<string, SystemErrorKind> = {
  EBUSY: 'busy',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
  EROFS: 'read_only',
  EACCES: 'no_access',
  EPERM: 'no_access',
  ENOENT: 'not_found',
  ENOTDIR: 'not_found',
  EISDIR: 'not_found',
  EIO: 'io',
  ENXIO: 'io',
  ENODEV: 'io',
  ENOMEM: 'no_memory',
}

/** The error's own code, or its cause's (a wrapped error keeps the original as `cause`). */
function codeOf(e: unknown, depth = 0): { code: string; path?: string } | null {
  if (typeof e !== 'object' || e === null || depth > 4) return null
  const { code, path, cause } = e as { code?: unknown; path?: unknown; cause?: unknown }
  if (typeof code === 'string' && (code.startsWith('SQLITE_') || code in ERRNO_KINDS))
    return { code, path: typeof path === 'string' ? path : undefined }
  return codeOf(cause, depth + 1)
}

export function systemErrorKind(e: unknown): SystemErrorKind | null {
  const found = codeOf(e)
  if (!found) return null
  if (found.code.startsWith('SQLITE_')) return SQLITE_KINDS.find(([prefix]) => found.code.startsWith(prefix))?.[1] ?? null
  return ERRNO_KINDS[found.code] ?? null
}

/** What a constraint SQLite refused is about, in Vietnamese ("trùng khóa", "thiếu giá trị bắt buộc"). */
export function constraintText(e: unknown): string {
  const code = codeOf(e)?.code ?? ''
  if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY')) return 'trùng khóa với một dòng đã có'
  if (code.startsWith('SQLITE_CONSTRAINT_NOTNULL')) return 'thiếu giá trị bắt buộc'
  if (code.startsWith('SQLITE_CONSTRAINT_FOREIGNKEY')) return 'trỏ tới một dòng không có'
  if (code.startsWith('SQLITE_CONSTRAINT_CHECK')) return 'có giá trị không đúng quy định của cột'
  return 'vi phạm ràng buộc dữ liệu'
}

/**
 * The Vietnamese message for a refusal of SQLite or of the file system (see SystemErrorKind), with
 * what to do; null for anything else. SQLite undoes the statement's transaction on each of these,
 * so the message can say that nothing was changed.
 */
export function systemErrorMessage(e: unknown): string | null {
  const kind = systemErrorKind(e)
  if (!kind) return null
  const path = codeOf(e)?.path
  const file = path ? ` ${path}` : ''
  switch (kind) {
    case 'busy':
      return (
        'Cơ sở dữ liệu đang được một chương trình khác ghi (đã chờ mà chưa xong): có thể là cửa sổ Sổ Giảm Nghèo khác, ' +
        'một lệnh so-giam-ngheo đang chạy, hoặc chương trình xem tệp SQLite. Chưa có gì thay đổi; hãy đợi việc kia xong ' +
        'hoặc đóng chương trình đó rồi làm lại.'
      )
    case 'full':
      return `Ổ đĩa${path ? ` chứa${file}` : ''} đã đầy, không ghi được. Chưa có gì thay đổi; hãy giải phóng chỗ trống (hoặc chọn ổ khác) rồi làm lại.`
    case 'read_only':
      return (
        `Không ghi được${file ? ` vào${file}` : ''}: ổ đĩa hoặc tệp ở chế độ chỉ đọc (ổ USB đang gạt khóa chống ghi, đĩa CD, ` +
        'thư mục mạng chỉ cho đọc). Chưa có gì thay đổi; hãy chọn nơi ghi được hoặc bỏ khóa chống ghi rồi làm lại.'
      )
    case 'no_access':
      return `Tài khoản Windows/máy này không có quyền truy cập${file || ' tệp hoặc thư mục cần dùng'}. Chưa có gì thay đổi; hãy chọn nơi khác hoặc nhờ cấp quyền rồi làm lại.`
    case 'cant_open':
      return (
        'Không mở được tệp cơ sở dữ liệu (thư mục của tệp không còn, ổ USB đã rút ra, hoặc tài khoản này không có quyền ở đó). ' +
        'Chưa có gì thay đổi; hãy kiểm tra ổ đĩa và thư mục rồi làm lại.'
      )
    case 'not_found':
      return `Không tìm thấy${file || ' tệp hoặc thư mục cần dùng'} (tệp đã bị xóa, đổi tên, hoặc ổ USB đã rút ra). Chưa có gì thay đổi.`
    case 'io':
      return `Lỗi đọc/ghi ổ đĩa${file ? ` tại${file}` : ''} (ổ USB bị rút ra khi đang dùng, hoặc ổ đĩa hỏng). Chưa có gì thay đổi; hãy cắm lại ổ hoặc dùng ổ khác rồi làm lại.`
    case 'corrupt':
      return 'Cơ sở dữ liệu bị hỏng ở chỗ cần đọc. Chưa có gì thay đổi; hãy chạy "so-giam-ngheo check" và khôi phục từ bản sao lưu gần nhất.'
    case 'no_memory':
      return 'Máy không đủ bộ nhớ để làm việc này. Chưa có gì thay đổi; hãy đóng bớt chương trình khác rồi làm lại.'
    case 'constraint':
      return `Cơ sở dữ liệu không nhận dữ liệu này: ${constraintText(e)}. Chưa có gì thay đổi.`
  }
}

/** Letters only Vietnamese text has: the program's own messages are Vietnamese, libraries' are English. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i

/**
 * Why something failed, for a clerk: SQLite's and the system's refusals in Vietnamese, the
 * program's own (Vietnamese) messages as they are, anything else named as unexpected.
 */
export function reasonOf(e: unknown): string {
  const known = systemErrorMessage(e)
  if (known) return known
  if (e instanceof StoreError || e instanceof ApiError) return e.message
  const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0]!
  if (VIETNAMESE.test(detail)) return detail
  return `Đã xảy ra lỗi không mong đợi (chi tiết kỹ thuật: ${detail})`
}
