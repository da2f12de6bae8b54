import { ApiError } from '@shared/contract/errors'
import type { userChannels } from '@shared/contract/users'
import type { ServiceContext } from '../services/context'
import { createUser, listUsers, setPassword, updateUser } from '../services/users/accounts'
import { verifyPassword } from '../services/users/password'
import { describeSession, signIn, signOut, type SessionState } from '../services/users/session'
import type { HandlerMap } from './types'

function sessionOf(ctx: ServiceContext): SessionState {
  if (!ctx.session) throw new ApiError('INTERNAL', 'Không có phiên làm việc.')
  return ctx.session
}

export const userHandlers: HandlerMap<keyof typeof userChannels> = {
  'auth.session': (ctx) => describeSession(ctx, sessionOf(ctx)),
  'auth.signIn': async (ctx, { username, password }) => {
    await signIn(ctx, sessionOf(ctx), username, password)
    return describeSession(ctx, sessionOf(ctx))
  },
  'auth.signOut': async (ctx) => {
    signOut(sessionOf(ctx))
    return describeSession(ctx, sessionOf(ctx))
  },
  'auth.createFirstAdmin': async (ctx, input) => {
    await createUser(ctx, { ...input, role: 'admin' }, { onlyIfNone: true })
    await signIn(ctx, sessionOf(ctx), input.username, input.password)
    return describeSession(ctx, sessionOf(ctx))
  },
  'auth.changePassword': async (ctx, { current, next }) => {
    const session = sessionOf(ctx)
    const row = await ctx.store.db.selectFrom('users').select('password_hash').where('id', '=', session.user!.id).executeTakeFirstOrThrow()
    if (!(await verifyPassword(current, row.password_hash))) throw new ApiError('BAD_INPUT', 'Mật khẩu hiện tại không đúng.', ['current'])
    await setPassword(ctx, session.user!.id, next)
    return describeSession(ctx, session)
  },
  'users.list': (ctx) => listUsers(ctx),
  'users.create': (ctx, input) => createUser(ctx, input),
  'users.update': (ctx, input) => updateUser(ctx, input),
  'users.resetPassword': (ctx, { id, password }) => setPassword(ctx, id, password),
}
