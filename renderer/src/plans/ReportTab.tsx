import { useState } from 'react'
import { call } from '../api'
import { Field } from '../components/Field'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'
import { DEFAULT_DOC_OPTIONS, docInput, SignerFields } from './SignerFields'
import { FormError } from '../components/FormError'

/** The task-results report for the first six months or the whole year, saved as a PDF in the Decree 30 layout. */
export function ReportTab({ today }: { today: string }) {
  const [year, setYear] = useState(Number(today.slice(0, 4)))
  const [period, setPeriod] = useState<'H1' | 'year'>(today.slice(5) <= '06-30' ? 'H1' : 'year')
  const [doc, setDoc] = useState(DEFAULT_DOC_OPTIONS)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      aria-label={t('plans.tab.report')}
      onSubmit={(e) => {
        e.preventDefault()
        setStatus(null)
        setError(null)
        const submitter = (e.nativeEvent as SubmitEvent).submitter
        const channel = submitter?.dataset.format === 'xlsx' ? 'plans.resultsXlsx' : 'plans.resultsPdf'
        call(channel, { year, period, ...docInput(doc) }).then(
          (r) => !r.cancelled && setStatus(t('plans.saved', { file: r.fileName, pages: r.pages })),
          (err: unknown) => setError(toFormErrors(err).form),
        )
      }}
    >
      <div className="form-grid">
        <Field label={t('plans.report.year')}>
          {(p) => <input {...p} type="number" value={year} onChange={(e) => setYear(Number(e.target.value))} />}
        </Field>
        <fieldset className="field">
          <legend>{t('plans.report.period')}</legend>
          {(['H1', 'year'] as const).map((p) => (
            <label key={p} className="radio">
              <input type="radio" name="period" checked={period === p} onChange={() => setPeriod(p)} />
              {t(p === 'H1' ? 'plans.report.H1' : 'plans.report.year.label')}
            </label>
          ))}
        </fieldset>
      </div>
      <SignerFields value={doc} onChange={setDoc} />
      <FormError message={error} />
      <div className="actions">
        <button type="submit" className="primary">
          {t('plans.report.save')}
        </button>
        <button type="submit" data-format="xlsx">
          {t('plans.report.saveXlsx')}
        </button>
        {status ? <span role="status">{status}</span> : null}
      </div>
    </form>
  )
}
