import { useEffect, useState } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import type { ExportFormat, Period, ReportHeader, ReportSummary } from '@shared/domain/reports'
import type { AdminUnit } from '@shared/domain/units'
import type { OfficialDocument } from '@shared/print/document'
import { viCollator } from '@shared/text/fold'
import { call } from '../api'
import { DocumentView } from '../components/DocumentView'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'
import { HeaderForm } from './HeaderForm'
import { FormError } from '../components/FormError'

/** The report catalogue: pick a report and its period, preview it on screen, print it, or save it as PDF or Excel. */
export function ReportsPage(_props: { office: OfficeProfile }) {
  const [reports, setReports] = useState<ReportSummary[]>([])
  const [communes, setCommunes] = useState<AdminUnit[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [year, setYear] = useState(new Date().getFullYear())
  const [period, setPeriod] = useState<Period>('year')
  const [communeId, setCommuneId] = useState<string | null>(null)
  const [header, setHeader] = useState<ReportHeader | null>(null)
  const [doc, setDoc] = useState<OfficialDocument | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  // Years with assessments, latest first: the page opens on the latest (the current year is often
  // not reviewed yet), and a year without any is named before its report of zeros is read as true.
  const [years, setYears] = useState<number[] | null>(null)
  useEffect(() => {
    void call('reports.years', {}).then(({ years: found }) => {
      setYears(found)
      if (found[0] !== undefined) setYear(found[0])
    })
    void call('reports.list', {}).then((list) => {
      setReports(list)
      setSelected((s) => s ?? list[0]?.id ?? null)
    })
    void call('units.list', {}).then((u) =>
      setCommunes(u.filter((x) => x.kind === 'commune').sort((a, b) => viCollator.compare(a.name, b.name))),
    )
  }, [])
  useEffect(() => {
    if (!selected) return
    void call('reports.header', { id: selected }).then(setHeader)
  }, [selected])

  const report = reports.find((r) => r.id === selected)
  const params = { year, period, communeId }
  const run = async (what: 'preview' | 'print' | ExportFormat) => {
    if (!selected) return
    setBusy(true)
    setError(null)
    setStatus(what === 'preview' ? t('reports.running') : null)
    try {
      if (what === 'preview') {
        setDoc(await call('reports.preview', { id: selected, params }))
        setStatus(null)
      } else if (what === 'print') {
        const r = await call('reports.print', { id: selected, params })
        if (r.printed) setStatus(t('reports.printed'))
      } else {
        const r = await call('reports.export', { id: selected, params, format: what })
        if (!r.cancelled) setStatus(t('reports.saved', { file: r.fileName }))
      }
    } catch (e) {
      setError(toFormErrors(e).form ?? Object.values(toFormErrors(e).fields)[0] ?? null)
      setStatus(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section>
      <h1>{t('reports.title')}</h1>
      <div className="reports">
        <nav aria-label={t('reports.catalogue')}>
          <ul className="reports__list">
            {reports.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  aria-current={r.id === selected}
                  onClick={() => {
                    setSelected(r.id)
                    setDoc(null)
                  }}
                >
                  {r.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          {report ? (
            <>
              <h2>{report.title}</h2>
              <form
                className="toolbar"
                onSubmit={(e) => {
                  e.preventDefault()
                  void run('preview')
                }}
              >
                {report.params.includes('year') ? (
                  <label>
                    {t('reports.year')}
                    <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
                  </label>
                ) : null}
                {report.params.includes('period') ? (
                  <label>
                    {t('reports.period')}
                    <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
                      <option value="year">{t('reports.period.year')}</option>
                      <option value="H1">{t('reports.period.H1')}</option>
                    </select>
                  </label>
                ) : null}
                {report.params.includes('commune') ? (
                  <label>
                    {t('reports.commune')}
                    <select value={communeId ?? ''} onChange={(e) => setCommuneId(e.target.value || null)}>
                      <option value="">{t('reports.allCommunes')}</option>
                      {communes.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <button type="submit" className="primary" disabled={busy}>
                  {t('reports.preview')}
                </button>
                <button type="button" disabled={busy} onClick={() => void run('print')}>
                  {t('reports.print')}
                </button>
                <button type="button" disabled={busy} onClick={() => void run('pdf')}>
                  {t('reports.exportPdf')}
                </button>
                <button type="button" disabled={busy} onClick={() => void run('xlsx')}>
                  {t('reports.exportXlsx')}
                </button>
              </form>
              {report.params.includes('year') && years !== null && !years.includes(year) ? (
                <p className="notice" role="note">
                  {years.length > 0 ? t('reports.noDataYear', { year, years: [...years].reverse().join(', ') }) : t('reports.noDataAtAll')}
                </p>
              ) : null}
              {header ? <HeaderForm key={selected} reportId={report.id} header={header} onSaved={setHeader} /> : null}
              {status ? <div role="status">{status}</div> : null}
              <FormError message={error} />
              {doc ? <DocumentView doc={doc} /> : null}
            </>
          ) : null}
        </div>
      </div>
    </section>
  )
}
