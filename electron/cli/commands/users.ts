import { RoleSchema } from '@shared/domain/users'
import { UsageError, type CliIO, type Command } from '../command'
import { withRouter } from '../router'

/** Passwords come from an environment variable named on the command line, never from argv itself. */
function passwordFrom(values: Record<string, unknown>, io: CliIO): string {
  const name = values['password-env']
  if (typeof name !== 'string') throw new UsageError('Thiếu --password-env TÊN_BIẾN (mật khẩu lấy từ biến môi trường đó)')
  const value = io.env[name]
  if (!value) throw new UsageError(`Biến môi trường ${name} trống hoặc không có`)
  return value
}

const add: Command = {
  name: ['users', 'add'],
  usage: 'users add --username U --name "HỌ TÊN" --role clerk|approver|admin --password-env VAR',
  summary: 'Tạo tài khoản',
  options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-env': { type: 'string' } },
  channels: ['users.create'],
  async run({ values, dbPath }, io) {
    const role = RoleSchema.safeParse(values.role)
    if (!role.success) throw new UsageError('--role phải là clerk, approver hoặc admin')
    const password = passwordFrom(values, io)
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const user = await call('users.create', {
        username: String(values.username ?? ''),
        displayName: String(values.name ?? ''),
        role: role.data,
        password,
      })
      io.out(`Đã tạo tài khoản ${user.username} (${user.role}).`)
      return 0
    })
  },
}

/**
 * The documented recovery path for a forgotten admin password: it needs someone at this PC with
 * access to the database file, which is exactly the access that could read the file anyway.
 */
const resetPassword: Command = {
  name: ['users', 'reset-password'],
  usage: 'users reset-password --username U --password-env VAR',
  summary: 'Đặt lại mật khẩu (khôi phục khi quên mật khẩu quản trị)',
  options: { username: { type: 'string' }, 'password-env': { type: 'string' } },
  channels: ['users.list', 'users.resetPassword'],
  async run({ values, dbPath }, io) {
    if (typeof values.username !== 'string') throw new UsageError('Thiếu --username')
    const username = values.username.trim().toLowerCase()
    const password = passwordFrom(values, io)
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const found = (await call('users.list', {})).find((u) => u.username === username)
      if (!found) {
        io.err(`Không có tài khoản ${values.username}.`)
        return 1
      }
      const user = await call('users.resetPassword', { id: found.id, password })
      io.out(`Đã đặt lại mật khẩu cho ${user.username}.`)
      return 0
    })
  },
}

const list: Command = {
  name: ['users', 'list'],
  usage: 'users list [--json]',
  summary: 'Danh sách tài khoản',
  options: { json: { type: 'boolean' } },
  channels: ['users.list'],
  async run({ values, dbPath }, io) {
    return withRouter(dbPath, io, {}, async ({ call }) => {
      const users = await call('users.list', {})
      if (values.json) io.out(JSON.stringify(users, null, 2))
      else for (const u of users) io.out(`${u.username}\t${u.role}\t${u.active ? 'hoạt động' : 'đã khóa'}\t${u.displayName}`)
      return 0
    })
  },
}

export const userCommands: Command[] = [add, resetPassword, list]
