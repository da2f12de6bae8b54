import { useEffect, useState } from 'react'
import { countsText } from '@shared/domain/table-labels'
import type { PackageExportResult } from '@shared/contract/packages'
import type { JobStatus } from '@shared/contract/jobs-types'
import type { SentPackage } from '@shared/domain/packages'
import { call } from '../api'
import { useAccess } from '../auth/access'
import { Button } from '../components/Button'
import { Field } from '../components/Field'
import { followJob, JobProgress } from '../components/JobProgress'
import { t, type MessageKey } from '../i18n'
import { ReportPicker } from './ReportPicker'
import { Feedback, shortDate, useAction } from './usePackages'

type Cover = PackageExportResult['cover']

function defaultPeriod(now = new Date()): string {
  return `${now.getFullYear()}-H${now.getMonth() < 6 ? 1 : 2}`
}

/** Office side: pick the period, enter the key's passphrase, choose the USB stick; then print the cover sheet. */
export function ExportPanel() {
  const [period, setPeriod] = useState(defaultPeriod())
  const [pass, setPass] = useState('')
  const [reports, setReports] = useState<string[] | null>(null)
  const [cover, setCover] = useState<Cover | null>(null)
  const [job, setJob] = useState<JobStatus | null>(null)
  const action = useAction()
  // Signing and sending a package is the approver's act: a clerk sees the form off, and why.
  const refused = useAccess()('packages.export')
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('packages.export.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void action.run(async () => {
            setCover(null)
            const r = await call('packages.export', { period, passphrase: pass, reports: reports ?? [] })
            setPass('') // the passphrase is not kept past the one export
            if (r.cancelled) return null
            const end = await followJob(r.jobId, setJob)
            if (end.state === 'cancelled') return t('packages.export.cancelled')
            const done = end.result as PackageExportResult
            setCover(done.cover)
            return t('packages.export.done', { file: done.cover.fileName, folder: done.folder })
          })
        }}
      >
        <fieldset disabled={Boolean(refused)} className="plain">
          <Field label={t('packages.export.period')}>
            {(p) => <input {...p} value={period} onChange={(e) => setPeriod(e.target.value)} />}
          </Field>
          <ReportPicker onChange={setReports} />
          <Field label={t('packages.sign.secret')}>
            {(p) => <input {...p} type="password" autoComplete="current-password" value={pass} onChange={(e) => setPass(e.target.value)} />}
          </Field>
        </fieldset>
        <div className="actions">
          <Button type="submit" variant="primary" busy={action.busy} disabled={reports === null} disabledReason={refused}>
            {t('packages.export.run')}
          </Button>
        </div>
      </form>
      <JobProgress status={job} cancelLabel={t('packages.export.cancel')} />
      <Feedback error={action.error} note={action.note} />
      {cover ? <CoverSheet cover={cover} /> : null}
    </section>
  )
}

/** The printable sheet that travels with the stick: what the province should find, and the manifest hash. */
export function CoverSheet({ cover }: { cover: Cover }) {
  const rows: [MessageKey, string][] = [
    ['packages.cover.id', cover.packageId],
    ['packages.cover.office', `${cover.officeName} (${cover.officeCode})`],
    ['packages.cover.period', cover.period],
    ['packages.cover.sequence', String(cover.sequence)],
    ['packages.cover.created', `${shortDate(cover.createdAt)} ${cover.createdAt.slice(11, 16)}`],
    ['packages.cover.counts', countsText(cover.counts)],
    ['packages.cover.hash', cover.manifestHash],
    ['packages.cover.signer', cover.signerFingerprint],
  ]
  return (
    <div className="cover-sheet" aria-label={t('packages.cover.title')}>
      <h3>{t('packages.cover.title')}</h3>
      <table className="data">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{t(k)}</th>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => window.print()}>
        {t('packages.cover.print')}
      </button>
    </div>
  )
}

/** Office side: what was sent and what the province answered; a receipt brought back updates it. */
export function SentPanel({ reload }: { reload: number }) {
  const [list, setList] = useState<SentPackage[]>([])
  const action = useAction()
  const refused = useAccess()('packages.receipt.import')
  const refresh = () => void call('packages.sent.list', {}).then(setList)
  useEffect(refresh, [reload])
  return (
    <section aria-labelledby="sent-title">
      <h2 id="sent-title">{t('packages.sent.title')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('packages.sent.none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t('packages.col.sequence')}</th>
              <th>{t('packages.col.period')}</th>
              <th>{t('packages.col.file')}</th>
              <th>{t('packages.col.created')}</th>
              <th>{t('packages.col.status')}</th>
              <th>{t('packages.col.comments')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.packageId}>
                <td>{p.sequence}</td>
                <td>{p.period}</td>
                <td>{p.fileName}</td>
                <td>{shortDate(p.createdAt)}</td>
                <td>{t(`packages.status.${p.status}`)}</td>
                <td>{p.comments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Button
        disabledReason={refused}
        onClick={() =>
          void action.run(async () => {
            const r = await call('packages.receipt.import', {})
            if (r.cancelled) return null
            refresh()
            return t('packages.receipt.imported', { sequence: r.sent.sequence, status: t(`packages.status.${r.sent.status}`) })
          })
        }
      >
        {t('packages.sent.importReceipt')}
      </Button>
      <Feedback error={action.error} note={action.note} />
    </section>
  )
}
