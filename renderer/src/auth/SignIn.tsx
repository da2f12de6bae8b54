import { useState } from 'react'
import type { Session } from '@shared/domain/users'
import { call } from '../api'
import { Field } from '../components/Field'
import { keepUnfixed, noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { AccountFields, EMPTY_ACCOUNT, checkAccount, type AccountDraft } from './AccountFields'
import { FormError } from '../components/FormError'

/** The sign-in screen; also the lock screen after inactivity (the user name is kept). */
export function SignIn({
  officeName,
  lastUser,
  locked,
  onSession,
}: {
  officeName: string
  lastUser: string
  locked: boolean
  onSession: (s: Session) => void
}) {
  const [username, setUsername] = useState(lastUser)
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <main className="first-run sign-in">
      <h1>{t('auth.signInTitle')}</h1>
      <p className="muted">{officeName}</p>
      {locked ? (
        <div className="notice" role="status">
          {t('auth.locked')}
        </div>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault()
          setBusy(true)
          setError(null)
          call('auth.signIn', { username, password }).then(onSession, (err: unknown) => {
            setError(toFormErrors(err).form)
            setPassword('')
            setBusy(false)
          })
        }}
      >
        <Field label={t('auth.username')}>
          {(p) => (
            <input {...p} autoFocus={!lastUser} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
          )}
        </Field>
        <Field label={t('auth.password')}>
          {(p) => (
            <input
              {...p}
              autoFocus={Boolean(lastUser)}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <FormError message={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('auth.signIn')}
          </button>
        </div>
      </form>
    </main>
  )
}

/** When the office exists (e.g. made by the CLI) but has no account yet: create the first admin. */
export function FirstAdmin({ onSession }: { onSession: (s: Session) => void }) {
  const [value, setValue] = useState<AccountDraft>(EMPTY_ACCOUNT)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  return (
    <main className="first-run">
      <h1>{t('auth.firstAdminTitle')}</h1>
      <p>{t('setup.admin.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const fields = checkAccount(value)
          setErrors({ fields, form: null })
          if (Object.keys(fields).length) return
          const { displayName, username, password } = value
          call('auth.createFirstAdmin', { displayName, username, password }).then(onSession, (err: unknown) => setErrors(toFormErrors(err)))
        }}
      >
        <AccountFields
          value={value}
          errors={errors.fields}
          onChange={(v) => {
            setValue(v)
            setErrors((e) => keepUnfixed(e, Object.keys(checkAccount(v))))
          }}
          autoFocus
        />
        <FormError message={errors.form} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('auth.create')}
          </button>
        </div>
      </form>
    </main>
  )
}
