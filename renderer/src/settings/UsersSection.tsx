import { useCallback, useEffect, useState } from 'react'
import { ROLES, type Role, type User } from '@shared/domain/users'
import { call } from '../api'
import { AccountFields, EMPTY_ACCOUNT, checkAccount, type AccountDraft } from '../auth/AccountFields'
import { keepUnfixed, noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { FormError } from '../components/FormError'
import { ResetPasswordDialog } from './ResetPasswordDialog'

/** Accounts and roles (admins only): add, change role, lock or unlock, reset a password. */
export function UsersSection() {
  const [users, setUsers] = useState<User[]>([])
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT)
  const [role, setRole] = useState<Role>('clerk')
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [rowError, setRowError] = useState<string | null>(null)
  const [resetting, setResetting] = useState<User | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const reload = useCallback(() => {
    void call('users.list', {}).then(setUsers)
  }, [])
  useEffect(reload, [reload])

  const act = (f: () => Promise<unknown>) => {
    setRowError(null)
    setNotice(null)
    f().then(reload, (e: unknown) => setRowError(toFormErrors(e).form ?? Object.values(toFormErrors(e).fields)[0] ?? null))
  }

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('auth.displayName')}</th>
            <th>{t('auth.username')}</th>
            <th>{t('users.role')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{u.username}</td>
              <td>
                <select
                  aria-label={`${t('users.role')} — ${u.username}`}
                  value={u.role}
                  onChange={(e) => act(() => call('users.update', { id: u.id, role: e.target.value as Role }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {u.active ? t('users.active') : t('users.inactive')}{' '}
                <button type="button" className="link" onClick={() => act(() => call('users.update', { id: u.id, active: !u.active }))}>
                  {u.active ? t('users.deactivate') : t('users.activate')}
                </button>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={`${t('users.resetPassword')} — ${u.username}`}
                  onClick={() => {
                    setNotice(null)
                    setResetting(u)
                  }}
                >
                  {t('users.resetPassword')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError message={rowError} />
      {notice ? <p role="status">{notice}</p> : null}
      {resetting ? (
        <ResetPasswordDialog
          user={resetting}
          onCancel={() => setResetting(null)}
          onDone={() => {
            setNotice(t('users.resetDone', { username: resetting.username }))
            setResetting(null)
            reload()
          }}
        />
      ) : null}
      <h3>{t('users.add')}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const fields = checkAccount(draft)
          setErrors({ fields, form: null })
          if (Object.keys(fields).length) return
          const { displayName, username, password } = draft
          call('users.create', { displayName, username, password, role }).then(
            () => {
              setDraft(EMPTY_ACCOUNT)
              reload()
            },
            (err: unknown) => setErrors(toFormErrors(err)),
          )
        }}
      >
        <AccountFields
          value={draft}
          errors={errors.fields}
          onChange={(v) => {
            setDraft(v)
            setErrors((e) => keepUnfixed(e, Object.keys(checkAccount(v))))
          }}
        />
        <label className="field">
          {t('users.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <FormError message={errors.form} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('users.add')}
          </button>
        </div>
      </form>
      <p className="muted">{t('users.recovery')}</p>
    </section>
  )
}
