import { useState } from 'react'
import type { ChannelOutput } from '@shared/contract'
import type { OwnKey } from '@shared/domain/packages'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { Feedback, useAction } from './usePackages'

type Listed = Extract<ChannelOutput<'packages.token.list'>, { cancelled: false }>

/**
 * Sign with a USB token (issue 18): the clerk picks the token vendor's PKCS#11 library through a
 * dialog, chooses a certificate on a plugged-in token and types the PIN, which is checked on the
 * token and never stored. Signing then asks for the PIN where a key passphrase is asked.
 */
export function TokenPanel({ hasKey, onChosen }: { hasKey: boolean; onChosen: (key: OwnKey) => void }) {
  const [listed, setListed] = useState<Listed | null>(null)
  const [choice, setChoice] = useState('')
  const [pin, setPin] = useState('')
  const action = useAction()
  const refused = useAccess()('packages.token.list')
  const options =
    listed?.tokens.flatMap((tk) => tk.certificates.map((c) => ({ value: `${tk.label}\n${c.id}`, text: `${tk.label} — ${c.subject}` }))) ??
    []
  return (
    <section aria-labelledby="token-title">
      <h3 id="token-title">{t('packages.token.title')}</h3>
      <Button
        busy={action.busy}
        disabledReason={refused}
        onClick={() =>
          void action.run(async () => {
            const r = await call('packages.token.list', {})
            if (r.cancelled) return null
            setListed(r)
            const first = r.tokens.flatMap((tk) => tk.certificates.map((c) => `${tk.label}\n${c.id}`))[0]
            setChoice(first ?? '')
            return first ? null : t('packages.token.none')
          })
        }
      >
        {t('packages.token.pick')}
      </Button>
      {listed && options.length ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () => {
              const [tokenLabel = '', certId = ''] = choice.split('\n')
              const key = await call('packages.token.use', { module: listed.module, tokenLabel, certId, pin, replace: hasKey })
              setPin('')
              onChosen(key)
              return key.officeNamed ? t('packages.token.used') : `${t('packages.token.used')} ${t('packages.token.unbound')}`
            })
          }}
        >
          <Field label={t('packages.token.certificate')}>
            {(p) => (
              <select {...p} value={choice} onChange={(e) => setChoice(e.target.value)}>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.text}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('packages.token.pin')}>
            {(p) => <input {...p} type="password" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={action.busy}>
            {t('packages.token.use')}
          </button>
        </form>
      ) : null}
      <Feedback error={action.error} note={action.note} />
    </section>
  )
}
