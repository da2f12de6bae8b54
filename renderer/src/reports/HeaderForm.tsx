import { useState } from 'react'
import type { ReportHeader } from '@shared/domain/reports'
import { parseViDate, formatDate } from '@shared/text/format'
import { call } from '../api'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'

/** Number, date, recipients and signer of one report, filled once and remembered by main. */
export function HeaderForm({ reportId, header, onSaved }: { reportId: string; header: ReportHeader; onSaved: (h: ReportHeader) => void }) {
  const [agency, setAgency] = useState(header.agency.join('\n'))
  const [number, setNumber] = useState(header.number)
  const [place, setPlace] = useState(header.place)
  const [date, setDate] = useState(formatDate(header.date))
  const [recipients, setRecipients] = useState(header.recipients.join('\n'))
  const [authority, setAuthority] = useState(header.signer.authority)
  const [title, setTitle] = useState(header.signer.title)
  const [name, setName] = useState(header.signer.name)
  const [message, setMessage] = useState<string | null>(null)
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
  return (
    <details className="header-form">
      <summary>{t('reports.header')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const iso = parseViDate(date)
          if (!iso) {
            setMessage('Ngày theo dạng ngày/tháng/năm, ví dụ 15/06/2026')
            return
          }
          const next: ReportHeader = {
            agency: lines(agency),
            number,
            place,
            date: iso,
            recipients: lines(recipients),
            signer: { authority, title, name },
          }
          call('reports.saveHeader', { id: reportId, header: next }).then(
            (saved) => {
              setMessage(t('reports.header.saved'))
              onSaved(saved)
            },
            (err: unknown) => setMessage(toFormErrors(err).form ?? Object.values(toFormErrors(err).fields)[0] ?? null),
          )
        }}
      >
        <div className="form-grid">
          <label className="field">
            {t('reports.header.agency')}
            <textarea value={agency} onChange={(e) => setAgency(e.target.value)} />
          </label>
          <label className="field">
            {t('reports.header.recipients')}
            <textarea value={recipients} onChange={(e) => setRecipients(e.target.value)} />
          </label>
          <label className="field">
            {t('reports.header.number')}
            <input value={number} onChange={(e) => setNumber(e.target.value)} placeholder="15/BC-UBND" />
          </label>
          <label className="field">
            {t('reports.header.place')}
            <input value={place} onChange={(e) => setPlace(e.target.value)} />
          </label>
          <label className="field">
            {t('reports.header.date')}
            <input value={date} onChange={(e) => setDate(e.target.value)} placeholder="dd/mm/yyyy" />
          </label>
          <label className="field">
            {t('reports.header.authority')}
            <input value={authority} onChange={(e) => setAuthority(e.target.value)} />
          </label>
          <label className="field">
            {t('reports.header.signerTitle')}
            <input value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label className="field">
            {t('reports.header.signerName')}
            <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
        </div>
        <div className="actions">
          <button type="submit">{t('reports.header.save')}</button>
          {message ? <span role="status">{message}</span> : null}
        </div>
      </form>
    </details>
  )
}
