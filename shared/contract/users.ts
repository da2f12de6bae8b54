import { z } from 'zod'
import { NewUserSchema, PasswordSchema, RoleSchema, SessionSchema, UserSchema } from '../domain/users'
import { channel } from './channel'

const Empty = z.object({}).strict()

/** Sign-in, the session, and account management (admins only). */
export const userChannels = {
  'auth.session': channel({
    summary: 'Người đang đăng nhập (nếu có) và việc cần tạo tài khoản quản trị đầu tiên',
    access: 'public',
    input: Empty,
    output: SessionSchema,
  }),
  'auth.signIn': channel({
    summary: 'Đăng nhập bằng tên và mật khẩu',
    access: 'public',
    input: z.object({ username: z.string().max(64), password: z.string().max(200) }).strict(),
    output: SessionSchema,
  }),
  'auth.signOut': channel({
    summary: 'Đăng xuất (hoặc khóa màn hình khi không hoạt động)',
    access: 'public',
    input: Empty,
    output: SessionSchema,
  }),
  'auth.createFirstAdmin': channel({
    changes: ['users'],
    summary: 'Tạo tài khoản quản trị đầu tiên; chỉ được khi chưa có tài khoản nào',
    access: 'public',
    input: NewUserSchema.omit({ role: true }).strict(),
    output: SessionSchema,
  }),
  'auth.changePassword': channel({
    changes: ['users'],
    summary: 'Đổi mật khẩu của chính mình',
    access: 'clerk',
    input: z.object({ current: z.string().max(200), next: PasswordSchema }).strict(),
    output: SessionSchema,
  }),
  'users.list': channel({ summary: 'Danh sách tài khoản', access: 'admin', input: Empty, output: z.array(UserSchema) }),
  'users.create': channel({
    changes: ['users'],
    summary: 'Tạo tài khoản',
    access: 'admin',
    input: NewUserSchema.strict(),
    output: UserSchema,
  }),
  'users.update': channel({
    changes: ['users'],
    summary: 'Sửa tên, vai trò hoặc khóa/mở tài khoản',
    access: 'admin',
    input: z
      .object({
        id: z.string().uuid(),
        displayName: z.string().trim().min(1).max(100).optional(),
        role: RoleSchema.optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    output: UserSchema,
  }),
  'users.resetPassword': channel({
    changes: ['users'],
    summary: 'Đặt lại mật khẩu cho một tài khoản',
    access: 'admin',
    input: z.object({ id: z.string().uuid(), password: PasswordSchema }).strict(),
    output: UserSchema,
  }),
}
