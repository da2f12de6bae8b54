import { useState } from 'react'
import { PasswordSchema, type User } from '@shared/domain/users'
import { call } from '../api'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { toFormErrors } from '../components/errors'
import { Field } from '../components/Field'
import { t } from '../i18n'

/**
 * An admin sets a new password for an account: typed twice, hidden, checked with the same rule
 * main applies (PasswordSchema) before anything is sent; the dialog closes only once main took it.
 */
export function ResetPasswordDialog({ user, onDone, onCancel }: { user: User; onDone: () => void; onCancel: () => void }) {
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [errors, setErrors] = useState<{ password?: string | undefined; again?: string | undefined }>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const parsed = PasswordSchema.safeParse(password)
    const found = {
      ...(parsed.success ? {} : { password: parsed.error.issues[0]?.message ?? '' }),
      ...(parsed.success && password !== again ? { again: t('auth.passwordMismatch') } : {}),
    }
    setErrors(found)
    setFormError(null)
    if (found.password || found.again) return
    setBusy(true)
    try {
      await call('users.resetPassword', { id: user.id, password })
      onDone()
    } catch (e) {
      const f = toFormErrors(e)
      setFormError(f.form ?? Object.values(f.fields)[0] ?? null)
      setBusy(false)
    }
  }

  return (
    <ConfirmDialog
      title={t('users.resetTitle', { name: user.displayName, username: user.username })}
      message={<p>{t('users.resetWhat', { username: user.username })}</p>}
      confirmLabel={t('users.resetPassword')}
      busy={busy}
      error={formError}
      onConfirm={() => void submit()}
      onCancel={onCancel}
    >
      <Field label={t('users.newPassword')} error={errors.password}>
        {(p) => (
          <input
            {...p}
            data-autofocus
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value)
              // A message is dropped as soon as the value it was about changes.
              setErrors((x) => ({ ...x, password: undefined }))
            }}
          />
        )}
      </Field>
      <Field label={t('users.newPasswordAgain')} error={errors.again}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => {
              setAgain(e.target.value)
              setErrors((x) => ({ ...x, again: undefined }))
            }}
          />
        )}
      </Field>
    </ConfirmDialog>
  )
}
