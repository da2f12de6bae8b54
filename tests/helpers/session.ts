import type { Role } from '@shared/domain/users'
import { createRouter, type Router, type RouterOptions } from '../../electron/main/ipc'
import type { ServiceContext } from '../../electron/main/services/context'
import { createUser } from '../../electron/main/services/users/accounts'

export const TEST_PASSWORD = 'mat-khau-thu-nghiem'

/** Makes (once) an account with this role, for tests: user name "test-<role>". */
export async function ensureUser(ctx: ServiceContext, role: Role): Promise<string> {
  const username = `test-${role}`
  const exists = await ctx.store.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()
  if (!exists) await createUser(ctx, { username, displayName: `Người thử ${role}`, role, password: TEST_PASSWORD })
  return username
}

/** The real IPC router, signed in as a user with the given role, as a window would be. */
export async function signedInRouter(ctx: ServiceContext, role: Role = 'admin', options: RouterOptions = {}): Promise<Router> {
  const router = createRouter(ctx, options)
  const username = await ensureUser(ctx, role)
  const r = await router.invoke('auth.signIn', { username, password: TEST_PASSWORD })
  if (!r.ok) throw new Error(`sign-in failed: ${r.error.message}`)
  return router
}
