import { useEffect, useState } from 'react'
import { Button } from '../components/Button'
import { countOf, labelledTables } from '@shared/domain/table-labels'
import type { ChannelOutput } from '@shared/contract'
import type { BackupListItem } from '@shared/contract/system'
import { formatDateTime } from './format-time'
import { call } from '../api'
import { toFormErrors } from '../components/errors'
import { t, type MessageKey } from '../i18n'
import { FormError } from '../components/FormError'

type Status = ChannelOutput<'system.backup.status'>
type Offer = Extract<ChannelOutput<'system.backup.inspect'>, { cancelled: false }>

/**
 * Settings → Backups: folder, rotation, optional encryption, backup now, the list of backups, and a
 * restore that shows what a backup holds next to the current data before replacing anything.
 * `onRestored` lets the page reload whatever it shows (office, units) after a restore.
 */
export function BackupSection({ onRestored }: { onRestored?: () => void }) {
  const [status, setStatus] = useState<Status | null>(null)
  const [list, setList] = useState<BackupListItem[]>([])
  const [keep, setKeep] = useState(10)
  const [encrypt, setEncrypt] = useState(false)
  const [passphrase, setPassphrase] = useState('')
  const [restorePassphrase, setRestorePassphrase] = useState('')
  const [offer, setOffer] = useState<Offer | null>(null)
  const [confirmCode, setConfirmCode] = useState('')
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = () => Promise.all([call('system.backup.status', {}), call('system.backup.list', {})])
  const apply = ([s, l]: [Status, BackupListItem[]]) => {
    setStatus(s)
    setKeep(s.keep)
    setEncrypt(s.encrypt)
    setList(l)
  }
  const refresh = () => load().then(apply)
  useEffect(() => {
    void load().then(apply)
  }, [])

  const run = async (f: () => Promise<void>) => {
    setError(null)
    setNote(null)
    try {
      await f()
    } catch (e) {
      const errs = toFormErrors(e)
      setError(errs.form ?? Object.values(errs.fields)[0] ?? null)
    }
  }

  const inspect = (backupId?: string) =>
    run(async () => {
      const r = await call('system.backup.inspect', {
        ...(backupId ? { backupId } : {}),
        ...(restorePassphrase ? { passphrase: restorePassphrase } : {}),
      })
      setConfirmCode('')
      setOffer(r.cancelled ? null : r)
    })

  if (!status) return <p>{t('common.loading')}</p>
  // Rows in the clerk's words, never table names (shared/domain/table-labels.ts).
  const tables = offer ? labelledTables(offer.backup.counts, offer.current.counts) : []

  return (
    <section aria-labelledby="backup-title">
      <h2 id="backup-title">{t('system.backup.title')}</h2>
      <p className="muted">{t('system.backup.intro')}</p>
      <p>
        {t('system.backup.folder')}: <strong>{status.dir ?? t('system.backup.noFolder')}</strong>{' '}
        <button type="button" onClick={() => void run(async () => setStatus((await call('system.backup.chooseFolder', {})).status))}>
          {t('system.backup.chooseFolder')}
        </button>
      </p>
      {/* One field a line: inline labels ran on into each other ("…bằng mật khẩuMật khẩu sao lưu…"). */}
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            setStatus(await call('system.backup.configure', { keep, encrypt, ...(encrypt && passphrase ? { passphrase } : {}) }))
            setPassphrase('')
          })
        }}
      >
        <label>
          {t('system.backup.keep')} <input type="number" min={1} max={100} value={keep} onChange={(e) => setKeep(Number(e.target.value))} />
        </label>
        <label className="radio">
          <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} />
          {t('system.backup.encrypt')}
        </label>
        {encrypt ? (
          <div>
            <label>
              {t('system.backup.passphrase')}{' '}
              <input
                type="password"
                autoComplete="new-password"
                aria-describedby="backup-passphrase-note"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            </label>
            <div className="muted" id="backup-passphrase-note">
              {status.passphraseSet ? t('system.backup.passphraseSet') : t('system.backup.passphraseHint')}
            </div>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit">{t('system.backup.save')}</button>
          <Button
            variant="primary"
            disabledReason={status.dir ? null : t('system.backup.needFolder')}
            onClick={() =>
              void run(async () => {
                const made = await call('system.backup.create', {})
                await refresh()
                setNote(t('system.backup.done', { name: made.id }))
              })
            }
          >
            {t('system.backup.now')}
          </Button>
        </div>
      </form>
      {status.last ? (
        <p className={status.last.ok ? 'muted' : 'form-error'}>
          {t('system.backup.last', {
            reason: t(`system.backup.reason.${status.last.reason}` as MessageKey),
            at: formatDateTime(status.last.at),
            message: status.last.message,
          })}
        </p>
      ) : null}

      <h3>{t('system.backup.list')}</h3>
      <label>
        {t('system.restore.passphrase')}{' '}
        <input type="password" autoComplete="off" value={restorePassphrase} onChange={(e) => setRestorePassphrase(e.target.value)} />
      </label>
      {list.length === 0 ? <p className="muted">{t('system.backup.empty')}</p> : null}
      <ul>
        {list.map((b) => (
          <li key={b.id}>
            {b.createdAt ? formatDateTime(b.createdAt) : b.id} — {b.office ? `${b.office.name} (${b.office.code})` : ''}{' '}
            {t('system.backup.households', { count: b.counts.households ?? 0 })}
            {b.encrypted ? ` · ${t('system.backup.encrypted')}` : ''}
            {b.problem ? <span className="form-error"> {b.problem}</span> : null}{' '}
            <button type="button" className="link" disabled={b.problem !== null} onClick={() => void inspect(b.id)}>
              {t('system.backup.inspect')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void inspect()}>
        {t('system.backup.fromFile')}
      </button>

      {offer ? (
        <div role="dialog" aria-labelledby="restore-title" className="panel">
          <h3 id="restore-title">{t('system.restore.title')}</h3>
          {offer.officeCheck ? (
            <>
              <p className="form-error">{offer.officeCheck.message}</p>
              <label>
                {t('system.restore.confirmOffice', { code: offer.officeCheck.confirmCode })}{' '}
                <input autoComplete="off" value={confirmCode} onChange={(e) => setConfirmCode(e.target.value)} />
              </label>
            </>
          ) : offer.backup.office?.code !== offer.current.office?.code ? (
            <p className="form-error">{t('system.restore.otherOffice')}</p>
          ) : null}
          <table>
            <caption>{t('system.restore.compare')}</caption>
            <thead>
              <tr>
                <th />
                <th>{t('system.restore.backup', { at: formatDateTime(offer.backup.createdAt) })}</th>
                <th>{t('system.restore.current')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th>{t('settings.office')}</th>
                <td>{offer.backup.office?.name ?? '—'}</td>
                <td>{offer.current.office?.name ?? '—'}</td>
              </tr>
              {tables.map((row) => (
                <tr key={row.label}>
                  <th>{row.label}</th>
                  <td>{countOf(row, offer.backup.counts).toLocaleString('vi-VN')}</td>
                  <td>{countOf(row, offer.current.counts).toLocaleString('vi-VN')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t('system.restore.warning')}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={offer.officeCheck !== null && confirmCode.trim() !== offer.officeCheck.confirmCode}
              onClick={() =>
                void run(async () => {
                  const done = await call('system.backup.restore', {
                    token: offer.token,
                    ...(offer.officeCheck ? { confirmOfficeCode: confirmCode } : {}),
                  })
                  setOffer(null)
                  await refresh()
                  setNote(t('system.restore.done', { path: done.keptAside ?? '—' }))
                  onRestored?.()
                })
              }
            >
              {t('system.restore.confirm')}
            </button>
            <button
              type="button"
              onClick={() => {
                void call('files.release', { token: offer.token }).catch(() => {})
                setOffer(null)
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              const r = await call('system.check', {})
              setNote(
                r.ok
                  ? t('system.check.ok', { version: r.schemaVersion })
                  : t('system.check.bad', { problems: r.integrity.join('; ') || r.schemaState }),
              )
            })
          }
        >
          {t('system.check.run')}
        </button>
      </div>
      {note ? <p role="status">{note}</p> : null}
      <FormError message={error} />
    </section>
  )
}
