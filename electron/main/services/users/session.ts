import { ApiError } from '@shared/contract/errors'
import { roleAllows, type Access, type Session, type User } from '@shared/domain/users'
import type { ServiceContext } from '../context'
import { countUsers, toUser } from './accounts'
import { verifyPassword } from './password'

/** Who is signed in to one window (one router), and when they last did something. */
export interface SessionState {
  user: User | null
  lastActivityMs: number
  failedAttempts: number
  blockedUntilMs: number
}

export function newSession(): SessionState {
  return { user: null, lastActivityMs: 0, failedAttempts: 0, blockedUntilMs: 0 }
}

const DEFAULT_LOCK_MINUTES = 15
const MAX_ATTEMPTS = 5
const BLOCK_MS = 30_000

export async function lockAfterMinutes(ctx: ServiceContext): Promise<number> {
  const row = await ctx.store.db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', 'session.lockAfterMinutes')
    .executeTakeFirst()
  const value = row ? Number(JSON.parse(row.value_json)) : DEFAULT_LOCK_MINUTES
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_LOCK_MINUTES
}

export async function describeSession(ctx: ServiceContext, session: SessionState): Promise<Session> {
  return { user: session.user, needsFirstAdmin: (await countUsers(ctx)) === 0, lockAfterMinutes: await lockAfterMinutes(ctx) }
}

/**
 * Checks a password. Five wrong answers in a row block sign-in for 30 seconds, so a shared PC's
 * accounts cannot be guessed quickly; the message never says whether the name or the password was wrong.
 */
export async function signIn(ctx: ServiceContext, session: SessionState, username: string, password: string): Promise<User> {
  const now = ctx.now().getTime()
  if (now < session.blockedUntilMs) {
    throw new ApiError(
      'UNAUTHENTICATED',
      `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${Math.ceil((session.blockedUntilMs - now) / 1000)} giây.`,
    )
  }
  const row = await ctx.store.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst()
  const ok = row !== undefined && row.active === 1 && (await verifyPassword(password, row.password_hash))
  if (!ok || !row) {
    session.failedAttempts++
    if (session.failedAttempts >= MAX_ATTEMPTS) {
      session.blockedUntilMs = now + BLOCK_MS
      session.failedAttempts = 0
    }
    throw new ApiError('UNAUTHENTICATED', 'Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.')
  }
  const at = ctx.now().toISOString()
  await ctx.store.db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', row.id).execute()
  session.user = toUser({ ...row, last_sign_in_at: at })
  session.failedAttempts = 0
  session.lastActivityMs = now
  return session.user
}

export function signOut(session: SessionState): void {
  session.user = null
}

/**
 * The router's gate for every non-public channel: someone must be signed in, active within the
 * lock time, and hold the role the channel asks for.
 */
export async function checkAccess(ctx: ServiceContext, session: SessionState, access: Access): Promise<void> {
  if (access === 'public') return
  const user = session.user
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Hãy đăng nhập để tiếp tục.')
  const now = ctx.now().getTime()
  if (now - session.lastActivityMs > (await lockAfterMinutes(ctx)) * 60_000) {
    signOut(session)
    throw new ApiError('UNAUTHENTICATED', 'Phiên làm việc đã khóa do không hoạt động. Hãy đăng nhập lại.')
  }
  if (!roleAllows(user.role, access)) {
    throw new ApiError('FORBIDDEN', `Tài khoản ${user.username} (${ROLE_NAMES[user.role]}) không có quyền thực hiện việc này.`)
  }
  session.lastActivityMs = now
}

export const ROLE_NAMES: Record<User['role'], string> = { clerk: 'cán bộ nhập liệu', approver: 'người phê duyệt', admin: 'quản trị' }
