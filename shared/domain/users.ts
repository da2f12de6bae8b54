import { z } from 'zod'

/**
 * Roles, from least to most trusted. A clerk enters data; an approver also approves review results
 * and signs and exports packages; an admin also manages users and settings.
 */
export const ROLES = ['clerk', 'approver', 'admin'] as const
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

/** What a channel asks of the caller: nothing (public), or a signed-in user holding this role or a higher one. */
export type Access = 'public' | Role

export function roleAllows(role: Role, needed: Access): boolean {
  return needed === 'public' || ROLES.indexOf(role) >= ROLES.indexOf(needed)
}

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'Tên đăng nhập gồm 3–32 chữ thường không dấu, chữ số, dấu chấm, gạch ngang')
export const PasswordSchema = z.string().min(8, 'Mật khẩu tối thiểu 8 ký tự').max(200, 'Mật khẩu tối đa 200 ký tự')

export const UserSchema = z.object({
  id: z.string().uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  lastSignInAt: z.string().nullable(),
})
export type User = z.infer<typeof UserSchema>

export const NewUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1, 'Không được để trống').max(100),
  role: RoleSchema,
  password: PasswordSchema,
})
export type NewUser = z.input<typeof NewUserSchema>

export const SessionSchema = z.object({
  user: UserSchema.nullable(),
  /** True when no account exists yet: the first one to be created is an admin. */
  needsFirstAdmin: z.boolean(),
  /** Minutes of inactivity after which the session locks. */
  lockAfterMinutes: z.number().int().positive(),
})
export type Session = z.infer<typeof SessionSchema>
