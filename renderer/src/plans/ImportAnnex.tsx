import { useState } from 'react'
import type { ChannelOutput } from '@shared/contract'
import { describeDeadline } from '@shared/domain/deadline'
import { call } from '../api'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'
import { FormError } from '../components/FormError'

type Preview = Extract<ChannelOutput<'plans.importPick'>, { cancelled: false }>

/**
 * Import a plan's task annex: main opens the file dialog and reads the sheet; the clerk sees the
 * tasks, the rows with errors and the agencies the list lacks, ticks those to create, and confirms.
 */
export function ImportAnnex({ planId, onDone }: { planId: string; onDone: () => void }) {
  const [preview, setPreview] = useState<Preview | null>(null)
  const [create, setCreate] = useState<string[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const pick = async () => {
    setError(null)
    setMessage(null)
    try {
      const r = await call('plans.importPick', {})
      if (r.cancelled) return
      setPreview(r)
      setCreate([])
    } catch (e) {
      setError(toFormErrors(e).form)
    }
  }
  const commit = async () => {
    if (!preview) return
    setError(null)
    try {
      const r = await call('plans.importCommit', { planId, token: preview.token, createAgencies: create })
      setPreview(null)
      setMessage(t('plans.import.done', { count: r.tasksCreated }))
      onDone()
    } catch (e) {
      const f = toFormErrors(e)
      setError(f.form ?? Object.values(f.fields)[0] ?? null)
    }
  }
  return (
    <section className="import">
      <button type="button" onClick={() => void pick()}>
        {t('plans.import.pick')}
      </button>
      {message ? <span role="status"> {message}</span> : null}
      {preview ? (
        <div className="notice" aria-label={t('plans.import.pick')}>
          <p>{t('plans.import.summary', { count: preview.drafts.length, file: preview.fileName })}</p>
          <table className="grid">
            <tbody>
              {preview.drafts.map((d) => (
                <tr key={d.row}>
                  <td>{d.seq}</td>
                  <td>{d.content}</td>
                  <td>{d.leadName}</td>
                  <td>{d.coordinatorNames.join(', ')}</td>
                  <td>{describeDeadline(d.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errors.length ? (
            <>
              <p>{t('plans.import.errors', { count: preview.errors.length })}</p>
              <ul>
                {preview.errors.map((e) => (
                  <li key={`${e.row}-${e.column}`}>
                    {e.column
                      ? t('plans.import.errorLine', { row: e.row, column: e.column, message: e.message })
                      : t('plans.import.errorRow', { row: e.row, message: e.message })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.unknownAgencies.length ? (
            <fieldset className="field">
              <legend>{t('plans.import.unknown')}</legend>
              {preview.unknownAgencies.map((name) => (
                <label key={name} className="radio">
                  <input
                    type="checkbox"
                    checked={create.includes(name)}
                    onChange={(e) => setCreate(e.target.checked ? [...create, name] : create.filter((n) => n !== name))}
                  />
                  {name}
                </label>
              ))}
            </fieldset>
          ) : null}
          <FormError message={error} />
          <div className="actions">
            <button type="button" className="primary" disabled={!preview.drafts.length} onClick={() => void commit()}>
              {t('plans.import.commit', { count: preview.drafts.length })}
            </button>
            <button
              type="button"
              onClick={() => {
                void call('files.release', { token: preview.token }).catch(() => {})
                setPreview(null)
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  )
}
