import { useEffect, useState } from 'react'
import type { OwnKey } from '@shared/domain/packages'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { TokenPanel } from './TokenPanel'
import { Feedback, shortDate, useAction } from './usePackages'

/** The office's own key: create one, or import a CA's .p12, then hand the certificate to the other side. */
export function KeyPanel() {
  const [key, setKey] = useState<OwnKey | null | undefined>(undefined)
  const [pass, setPass] = useState('')
  const [again, setAgain] = useState('')
  const [p12Password, setP12Password] = useState('')
  const action = useAction()
  // The office's key is a setting: only an admin makes or imports one; others see why the buttons are off.
  const refused = useAccess()('packages.key.create')
  useEffect(() => void call('packages.key.get', {}).then(setKey), [])

  if (key === undefined) return null
  return (
    <section aria-labelledby="key-title">
      <h2 id="key-title">{t('packages.key.title')}</h2>
      {key ? (
        <>
          <p>{t('packages.key.holder', { name: key.name, code: key.code, province: key.province })}</p>
          <p>{t('packages.key.valid', { from: shortDate(key.notBefore), to: shortDate(key.notAfter) })}</p>
          <p>
            {t('packages.key.fingerprint')}: <code className="fingerprint">{key.fingerprint}</code>
          </p>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const r = await call('packages.key.exportCert', {})
                return r.cancelled ? null : t('packages.key.exported', { file: r.fileName })
              })
            }
          >
            {t('packages.key.exportCert')}
          </button>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () => {
              if (pass !== again) throw new Error(t('packages.key.mismatch'))
              setKey(await call('packages.key.create', { passphrase: pass, replace: false }))
              return null
            })
          }}
        >
          <p className="muted">{t('packages.key.none')}</p>
          <fieldset disabled={Boolean(refused)} className="plain">
            <Field label={t('packages.key.passphrase')}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />}
            </Field>
            <Field label={t('packages.key.passphraseAgain')}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
            </Field>
            <Field label={t('packages.key.p12Password')}>
              {(p) => (
                <input {...p} type="password" autoComplete="off" value={p12Password} onChange={(e) => setP12Password(e.target.value)} />
              )}
            </Field>
          </fieldset>
          <div className="actions">
            <Button type="submit" variant="primary" busy={action.busy} disabledReason={refused}>
              {t('packages.key.create')}
            </Button>
            <Button
              busy={action.busy}
              disabledReason={refused}
              onClick={() =>
                void action.run(async () => {
                  if (pass !== again) throw new Error(t('packages.key.mismatch'))
                  const r = await call('packages.key.importP12', { p12Password, passphrase: pass, replace: false })
                  if (!r.cancelled) setKey(r.key)
                  return null
                })
              }
            >
              {t('packages.key.importP12')}
            </Button>
          </div>
        </form>
      )}
      <Feedback error={action.error} note={action.note} />
      <TokenPanel hasKey={key !== null} onChosen={setKey} />
    </section>
  )
}
