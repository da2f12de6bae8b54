import { randomUUID } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import type { Database } from '../../store/schema'
import { ApiError } from '@shared/contract/errors'
import { NewUserSchema, PasswordSchema, type NewUser, type Role, type User } from '@shared/domain/users'
import type { UserTable } from '../../store/tables/users'
import { audit } from '../audit'
import type { ServiceContext } from '../context'
import { hashPassword } from './password'

export async function listUsers(ctx: ServiceContext): Promise<User[]> {
  const rows = await ctx.store.db.selectFrom('users').selectAll().orderBy('username').execute()
  return rows.map(toUser)
}

export async function countUsers(ctx: ServiceContext): Promise<number> {
  const { n } = await ctx.store.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

export async function createUser(ctx: ServiceContext, input: NewUser, options: { onlyIfNone?: boolean } = {}): Promise<User> {
  const row = await newUserRow(ctx, input)
  await ctx.store.db.transaction().execute(async (trx) => {
    if (options.onlyIfNone && (await trx.selectFrom('users').select('id').executeTakeFirst())) {
      throw new ApiError('CONFLICT', 'Đã có tài khoản quản trị; hãy đăng nhập.')
    }
    await insertUserRow(trx, ctx, row, [])
  })
  return toUser(row)
}

/** Validates and hashes outside any transaction (scrypt takes ~100 ms on purpose). */
export async function newUserRow(ctx: ServiceContext, input: NewUser): Promise<UserTable> {
  const fields = NewUserSchema.parse(input)
  const at = ctx.now().toISOString()
  return {
    id: randomUUID(),
    username: fields.username,
    display_name: fields.displayName,
    role: fields.role,
    password_hash: await hashPassword(fields.password),
    active: 1,
    last_sign_in_at: null,
    created_at: at,
    updated_at: at,
  }
}

/** Inserts a prepared account inside the caller's transaction (first-run setup uses this too). */
export async function insertUserRow(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  row: UserTable,
  path: (string | number)[],
): Promise<void> {
  if (await trx.selectFrom('users').select('id').where('username', '=', row.username).executeTakeFirst()) {
    throw new ApiError('CONFLICT', `Tên đăng nhập "${row.username}" đã có.`, [...path, 'username'])
  }
  await trx.insertInto('users').values(row).execute()
  // The hash never goes into the audit trail.
  await audit(trx, ctx, { entity: 'user', entityId: row.id, action: 'create', after: publicFields(row) })
}

export async function updateUser(
  ctx: ServiceContext,
  input: { id: string; displayName?: string; role?: Role; active?: boolean },
): Promise<User> {
  let after: UserTable | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', input.id).executeTakeFirst()
    if (!before) throw new ApiError('NOT_FOUND', 'Không tìm thấy tài khoản.', ['id'])
    after = {
      ...before,
      display_name: input.displayName?.trim() || before.display_name,
      role: input.role ?? before.role,
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    }
    // Someone must always be able to manage accounts.
    if (before.role === 'admin' && before.active === 1 && (after.role !== 'admin' || after.active !== 1)) {
      const admins = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute()
      if (admins.length <= 1) throw new ApiError('BAD_INPUT', 'Không thể bỏ quyền hoặc khóa quản trị viên cuối cùng.', ['role'])
    }
    await trx.updateTable('users').set(after).where('id', '=', before.id).execute()
    await audit(trx, ctx, {
      entity: 'user',
      entityId: before.id,
      action: 'update',
      before: publicFields(before),
      after: publicFields(after),
    })
  })
  return toUser(after!)
}

/** Sets a new password (an admin for another user, the recovery command, or a user changing their own). */
export async function setPassword(ctx: ServiceContext, id: string, password: string): Promise<User> {
  const hash = await hashPassword(PasswordSchema.parse(password))
  let row: UserTable | undefined
  await ctx.store.db.transaction().execute(async (trx) => {
    row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new ApiError('NOT_FOUND', 'Không tìm thấy tài khoản.', ['id'])
    await trx.updateTable('users').set({ password_hash: hash, updated_at: ctx.now().toISOString() }).where('id', '=', id).execute()
    await audit(trx, ctx, { entity: 'user', entityId: id, action: 'set_password' })
  })
  return toUser(row!)
}

export function toUser(r: Selectable<UserTable>): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    active: r.active === 1,
    lastSignInAt: r.last_sign_in_at,
  }
}

function publicFields(r: UserTable) {
  return { username: r.username, displayName: r.display_name, role: r.role, active: r.active }
}
