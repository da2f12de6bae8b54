import { NewUserSchema } from '@shared/domain/users'
import { Field } from '../components/Field'
import { t } from '../i18n'

export interface AccountDraft {
  displayName: string
  username: string
  password: string
  passwordAgain: string
}

export const EMPTY_ACCOUNT: AccountDraft = { displayName: '', username: '', password: '', passwordAgain: '' }

/** Name, user name and password twice: the first admin in the first run, and new accounts in Settings. */
export function AccountFields({
  value,
  errors,
  onChange,
  autoFocus,
}: {
  value: AccountDraft
  errors: Record<string, string>
  onChange: (v: AccountDraft) => void
  autoFocus?: boolean
}) {
  const set = (patch: Partial<AccountDraft>) => onChange({ ...value, ...patch })
  return (
    <div className="form-grid">
      <Field label={t('auth.displayName')} error={errors.displayName}>
        {(p) => <input {...p} autoFocus={autoFocus} value={value.displayName} onChange={(e) => set({ displayName: e.target.value })} />}
      </Field>
      <Field label={t('auth.username')} error={errors.username}>
        {(p) => <input {...p} autoComplete="username" value={value.username} onChange={(e) => set({ username: e.target.value })} />}
      </Field>
      <Field label={t('auth.password')} error={errors.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={value.password}
            onChange={(e) => set({ password: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('auth.passwordAgain')} error={errors.passwordAgain}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={value.passwordAgain}
            onChange={(e) => set({ passwordAgain: e.target.value })}
          />
        )}
      </Field>
    </div>
  )
}

/** Client-side checks with the same shared schema main applies, plus the second password. */
export function accountErrors(value: AccountDraft, issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const i of issues) {
    const key = String(i.path[0] ?? '')
    if (key && !errors[key]) errors[key] = i.message
  }
  if (value.password && value.password !== value.passwordAgain) errors.passwordAgain = t('auth.passwordMismatch')
  return errors
}

/** The account's messages by field, from the shared schema (the role aside) and the second password. */
export function checkAccount(value: AccountDraft): Record<string, string> {
  const parsed = NewUserSchema.omit({ role: true }).safeParse(value)
  return accountErrors(value, parsed.success ? [] : parsed.error.issues)
}
