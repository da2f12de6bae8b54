import { useEffect, useState } from 'react'
import type { OfficeMode } from '@shared/domain/office'
import type { TrustEntry } from '@shared/domain/packages'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { toFormErrors } from '../components/errors'
import { Field } from '../components/Field'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { t } from '../i18n'
import { Feedback, useAction } from './usePackages'

interface Picked {
  token: string
  name: string
  code: string
  fingerprint: string
}

/** Registered certificates: add one after confirming its fingerprint by phone, revoke one, see who sent what. */
export function TrustPanel({ mode, reload }: { mode: OfficeMode; reload: number }) {
  const [list, setList] = useState<TrustEntry[]>([])
  const [picked, setPicked] = useState<Picked | null>(null)
  const [typed, setTyped] = useState('')
  const [revoking, setRevoking] = useState<TrustEntry | null>(null)
  const [revokeBusy, setRevokeBusy] = useState(false)
  const [revokeError, setRevokeError] = useState<string | null>(null)
  const action = useAction()
  // The list of trusted offices is a setting: others see it, the admin's buttons hidden (revoke) or off with the reason (add).
  const refused = useAccess()('packages.trust.pick')
  const mayRevoke = !useAccess()('packages.trust.revoke')
  const refresh = () => void call('packages.trust.list', {}).then(setList)
  useEffect(refresh, [reload])

  return (
    <section aria-labelledby="trust-title">
      <h2 id="trust-title">{t(mode === 'province' ? 'packages.trust.title.province' : 'packages.trust.title.office')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('packages.trust.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t('packages.col.office')}</th>
              <th>{t('packages.col.status')}</th>
              <th>{t('packages.col.packages')}</th>
              <th>{t('packages.col.fingerprint')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.name} ({e.officeCode})
                </td>
                <td>{t(e.status === 'active' ? 'packages.trust.active' : 'packages.trust.revoked')}</td>
                <td>
                  {e.lastPackage
                    ? t('packages.trust.last', {
                        count: e.packagesReceived,
                        sequence: e.lastPackage.sequence,
                        period: e.lastPackage.period,
                      })
                    : t('packages.trust.noPackage')}
                </td>
                <td>
                  <code className="fingerprint">{e.fingerprint}</code>
                </td>
                <td>
                  {e.status === 'active' && mayRevoke ? (
                    <button
                      type="button"
                      aria-label={`${t('packages.trust.revoke')} — ${e.name} (${e.officeCode})`}
                      onClick={() => {
                        setRevokeError(null)
                        setRevoking(e)
                      }}
                    >
                      {t('packages.trust.revoke')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picked ? (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void action.run(async () => {
              await call('packages.trust.add', { token: picked.token, confirmFingerprint: typed })
              setPicked(null)
              setTyped('')
              refresh()
              return null
            })
          }}
        >
          <p>
            {picked.name} ({picked.code})
          </p>
          <p className="muted">{t('packages.trust.confirmHint')}</p>
          <Field label={t('packages.trust.confirm')}>
            {(p) => <input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} size={70} />}
          </Field>
          <div className="actions">
            <button type="submit" className="primary">
              {t('packages.trust.add')}
            </button>
            <button
              type="button"
              onClick={() => {
                void call('files.release', { token: picked.token }).catch(() => {})
                setPicked(null)
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <Button
          disabledReason={refused}
          onClick={() =>
            void action.run(async () => {
              const r = await call('packages.trust.pick', {})
              if (!r.cancelled) setPicked({ token: r.token, ...r.certificate })
              return null
            })
          }
        >
          {t('packages.trust.pick')}
        </Button>
      )}
      <Feedback error={action.error} note={action.note} />
      {revoking ? (
        <ConfirmDialog
          title={t('packages.trust.revokeTitle', { name: revoking.name, code: revoking.officeCode })}
          message={<p>{t('packages.trust.revokeWhat', { fingerprint: revoking.fingerprint })}</p>}
          irreversible={t('packages.trust.revokeUndo')}
          confirmLabel={t('packages.trust.revokeConfirm')}
          danger
          busy={revokeBusy}
          error={revokeError}
          onCancel={() => setRevoking(null)}
          onConfirm={() => {
            setRevokeBusy(true)
            setRevokeError(null)
            call('packages.trust.revoke', { fingerprint: revoking.fingerprint, reason: '' })
              .then(
                () => {
                  setRevoking(null)
                  refresh()
                },
                (err: unknown) => setRevokeError(toFormErrors(err).form ?? Object.values(toFormErrors(err).fields)[0] ?? null),
              )
              .finally(() => setRevokeBusy(false))
          }}
        />
      ) : null}
    </section>
  )
}
