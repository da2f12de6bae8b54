import { useEffect, useState } from 'react'
import { tableLabel } from '@shared/domain/table-labels'
import type { ImportPreview, ReceivedPackage } from '@shared/domain/packages'
import type { JobStatus } from '@shared/contract/jobs-types'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { Field } from '../components/Field'
import { followJob, JobProgress } from '../components/JobProgress'
import { t } from '../i18n'
import { Feedback, shortDate, useAction } from './usePackages'

/** Province side: choose a package, see what is wrong or what would change, then import or reject it. */
export function ReceivePanel() {
  const [picked, setPicked] = useState<{ token: string; fileName: string; preview: ImportPreview } | null>(null)
  const [reason, setReason] = useState('')
  // An encrypted package (issue 18) is opened with the province's key: asked here, never stored.
  const [secret, setSecret] = useState('')
  const [job, setJob] = useState<JobStatus | null>(null)
  const action = useAction()
  // Anyone may look at a package; accepting or rejecting it is the approver's act.
  const refused = useAccess()
  const p = picked?.preview
  return (
    <section aria-labelledby="receive-title">
      <h2 id="receive-title">{t('packages.receive.title')}</h2>
      <Field label={t('packages.receive.passphrase')}>
        {(f) => <input {...f} type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />}
      </Field>
      <button
        type="button"
        className="primary"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = await call('packages.pick', secret ? { passphrase: secret } : {})
            if (!r.cancelled) setPicked(r)
            return null
          })
        }
      >
        {t('packages.receive.pick')}
      </button>
      {picked && p ? (
        <div className="preview">
          <p>
            <strong>{picked.fileName}</strong>
          </p>
          {p.valid && p.package ? (
            <>
              <p role="status">
                {t('packages.receive.valid', {
                  office: p.package.officeName,
                  code: p.package.officeCode,
                  period: p.package.period,
                  sequence: p.package.sequence,
                })}
              </p>
              {p.alreadyImported ? <p>{t('packages.receive.already')}</p> : null}
              {p.supersedes ? <p>{t('packages.receive.supersedes')}</p> : null}
              <ul>
                {p.diff.map((d) => (
                  <li key={d.table}>{t('packages.receive.diff', { ...d, table: tableLabel(d.table) })}</li>
                ))}
              </ul>
              <div className="actions">
                <Button
                  variant="primary"
                  busy={action.busy}
                  disabled={p.alreadyImported}
                  disabledReason={refused('packages.import')}
                  onClick={() =>
                    void action.run(async () => {
                      const { jobId } = await call(
                        'packages.import',
                        secret ? { token: picked.token, passphrase: secret } : { token: picked.token },
                      )
                      const end = await followJob(jobId, setJob)
                      if (end.state === 'cancelled') return t('packages.receive.cancelled')
                      setPicked(null)
                      return t('packages.receive.imported')
                    })
                  }
                >
                  {t('packages.receive.import')}
                </Button>
              </div>
              <form
                className="inline"
                onSubmit={(e) => {
                  e.preventDefault()
                  void action.run(async () => {
                    await call('packages.reject', { token: picked.token, comments: reason })
                    setPicked(null)
                    return t('packages.receive.rejected')
                  })
                }}
              >
                <input
                  aria-label={t('packages.receive.rejectReason')}
                  placeholder={t('packages.receive.rejectReason')}
                  disabled={Boolean(refused('packages.reject'))}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <Button type="submit" disabledReason={refused('packages.reject')}>
                  {t('packages.receive.reject')}
                </Button>
              </form>
            </>
          ) : (
            <div className="form-error" role="alert">
              {t('packages.receive.invalid')}
              <ul>
                {p.problems.map((x, i) => (
                  <li key={i}>{x.message}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      ) : null}
      <JobProgress status={job} cancelLabel={t('packages.receive.cancel')} />
      <Feedback error={action.error} note={action.note} />
    </section>
  )
}

/** Province side: every package received, with a signed receipt to give back for each. */
export function ReceivedPanel({ reload }: { reload: number }) {
  const [list, setList] = useState<ReceivedPackage[]>([])
  const [pass, setPass] = useState('')
  const [comments, setComments] = useState('')
  const action = useAction()
  // A signed receipt is the approver's: others see the list without the signing fields, and why.
  const refused = useAccess()('packages.receipt.create')
  useEffect(() => void call('packages.received.list', {}).then(setList), [reload])
  if (list.length === 0)
    return (
      <section>
        <h2>{t('packages.received.title')}</h2>
        <p className="muted">{t('packages.received.none')}</p>
      </section>
    )
  return (
    <section aria-labelledby="received-title">
      <h2 id="received-title">{t('packages.received.title')}</h2>
      {refused ? (
        <p className="notice" role="note">
          {refused}
        </p>
      ) : (
        <>
          <Field label={t('packages.sign.secret')}>
            {(p) => <input {...p} type="password" value={pass} onChange={(e) => setPass(e.target.value)} />}
          </Field>
          <Field label={t('packages.receipt.comments')}>
            {(p) => <input {...p} value={comments} onChange={(e) => setComments(e.target.value)} />}
          </Field>
        </>
      )}
      <table className="data">
        <thead>
          <tr>
            <th>{t('packages.col.office')}</th>
            <th>{t('packages.col.sequence')}</th>
            <th>{t('packages.col.period')}</th>
            <th>{t('packages.col.created')}</th>
            <th>{t('packages.col.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((p) => (
            <tr key={p.packageId}>
              <td>
                {p.officeName} ({p.officeCode})
              </td>
              <td>{p.sequence}</td>
              <td>{p.period}</td>
              <td>{shortDate(p.receivedAt)}</td>
              <td>{t(`packages.status.${p.status}`)}</td>
              <td>
                {refused ? null : (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(async () => {
                        const r = await call('packages.receipt.create', { packageId: p.packageId, comments, passphrase: pass })
                        return r.cancelled ? null : t('packages.receipt.created', { file: r.fileName })
                      })
                    }
                  >
                    {t('packages.receipt.create')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Feedback error={action.error} note={action.note} />
    </section>
  )
}
