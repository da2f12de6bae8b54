import { useEffect, useState } from 'react'
import type { ReportSummary } from '@shared/domain/reports'
import { call } from '../api'
import { t } from '../i18n'

/**
 * The catalogue's reports that take a year, as checkboxes, all ticked at first (the package's
 * default). `onChange` gets the ticked ids; `null` until the list has loaded, so the export waits.
 */
export function ReportPicker({ onChange }: { onChange: (ids: string[] | null) => void }) {
  const [reports, setReports] = useState<ReportSummary[]>([])
  const [picked, setPicked] = useState<Set<string>>(new Set())
  useEffect(() => {
    void call('reports.list', {}).then((list) => {
      const yearly = list.filter((r) => r.params.includes('year'))
      setReports(yearly)
      setPicked(new Set(yearly.map((r) => r.id)))
      onChange(yearly.map((r) => r.id))
    })
    // `onChange` is the parent's state setter (stable), so this loads once.
  }, [onChange])
  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked)
    if (on) next.add(id)
    else next.delete(id)
    setPicked(next)
    onChange(reports.filter((r) => next.has(r.id)).map((r) => r.id))
  }
  return (
    <fieldset className="report-picker">
      <legend>{t('packages.export.reports')}</legend>
      {reports.map((r) => (
        <label key={r.id} className="radio">
          <input type="checkbox" checked={picked.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
          {r.title}
        </label>
      ))}
      <p className="hint">{t('packages.export.reportsHint')}</p>
    </fieldset>
  )
}
