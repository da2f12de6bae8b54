import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImportOptions, ImportResult } from '@shared/domain/household-import'
import type { AdminUnit } from '@shared/domain/units'
import { formatInt } from '@shared/text/format'
import { call } from '../api'
import { useInertBehind } from '../components/useInertBehind'
import { toFormErrors } from '../components/errors'
import { Button } from '../components/Button'
import { t } from '../i18n'
import { ImportPreview } from './ImportPreview'
import { useJob } from './useJob'

type Mode = NonNullable<ImportOptions['mode']>
/** What the clerk chose in the dialog; turned into the import's options for each preview and for the import. */
interface Choices {
  sheet: string | null
  mapping: Record<string, number | null>
  year: string
  mode: Mode
  communeId: string
}
const toOptions = (c: Choices): ImportOptions => ({
  sheet: c.sheet,
  mapping: c.mapping,
  year: /^\d{4}$/.test(c.year) ? Number(c.year) : null,
  mode: c.mode,
  communeId: c.communeId || null,
})
const message = (e: unknown) => {
  const f = toFormErrors(e)
  return f.form ?? Object.values(f.fields)[0] ?? ''
}

/**
 * Import a household list from Excel: main's dialog picks the file (the renderer never sees a
 * path), the preview runs the real import and rolls it back, the clerk corrects the column match
 * or the sheet and chooses what to do with bad rows, then the import runs as a job with progress
 * and Cancel (a cancelled import leaves the register as it was). Escape closes when no job runs.
 */
export function ImportDialog({ communes, onClose }: { communes: AdminUnit[]; onClose: () => void }) {
  const [file, setFile] = useState<{ token: string; fileName: string } | null>(null)
  const initial: Choices = { sheet: null, mapping: {}, year: '', mode: 'all_or_nothing', communeId: communes[0]?.id ?? '' }
  const [choices, setChoices] = useState<Choices>(initial)
  const { year, mode, communeId } = choices
  const [preview, setPreview] = useState<ImportResult | null>(null)
  // The last preview failed (a required column set to "(không dùng)", say): the column match stays
  // on screen to put right, but what the last good preview would import is not shown nor startable.
  const [previewFailed, setPreviewFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [jobId, setJobId] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const job = useJob(jobId)
  const running = job?.state === 'running' || (jobId !== null && !job)
  const first = useRef<HTMLButtonElement>(null)
  const backdrop = useRef<HTMLDivElement>(null)
  useInertBehind(backdrop)
  // Closing the dialog ends the pick in main too (services/files/staged.ts), not only when it expires.
  const close = useCallback(() => {
    if (file) void call('files.release', { token: file.token }).catch(() => {})
    onClose()
  }, [file, onClose])

  useEffect(() => first.current?.focus(), [])
  // Escape closes the dialog wherever the focus is (a button that disappears mid-import drops it to the page), but never mid-import.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !running) {
        e.preventDefault()
        close()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [running, close])

  const runPreview = async (token: string, c: Choices) => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('households.import.preview', { token, options: toOptions(c) })
      setPreview(r)
      setPreviewFailed(false)
      setChoices((x) => (x.year ? x : { ...x, year: String(r.year) }))
    } catch (e) {
      // A first preview that failed has no columns to match; a later one keeps them to correct.
      setPreviewFailed(true)
      setError(message(e))
    } finally {
      setBusy(false)
    }
  }
  // Any change of sheet, mapping, year or commune runs the preview again, so what is shown is what will happen.
  const change = (patch: Partial<Choices>) => {
    const next = { ...choices, ...patch }
    setChoices(next)
    const rerun = patch.mode === undefined && (patch.year === undefined || patch.year === '' || /^\d{4}$/.test(patch.year))
    if (file && rerun) void runPreview(file.token, next)
  }

  const pick = async () => {
    setError(null)
    setNotice(null)
    setJobId(null)
    try {
      const r = await call('households.import.pick', {})
      if (r.cancelled) return
      const fresh = { ...initial, mode, communeId }
      setChoices(fresh)
      setPreview(null)
      setPreviewFailed(false)
      setFile({ token: r.token, fileName: r.fileName })
      await runPreview(r.token, fresh)
    } catch (e) {
      setError(message(e))
    }
  }
  const start = async () => {
    if (!file || starting || imported) return
    setError(null)
    setStarting(true)
    try {
      setJobId((await call('households.import.start', { token: file.token, options: toOptions(choices) })).jobId)
    } catch (e) {
      setError(message(e))
    } finally {
      setStarting(false)
    }
  }
  const saveErrors = async () => {
    if (!file) return
    try {
      const r = await call('households.import.saveErrorReport', { token: file.token })
      if (r.saved) setNotice(t('households.imp.errorsSaved', { file: r.fileName }))
    } catch (e) {
      setError(message(e))
    }
  }
  const result = job?.state === 'done' ? (job.result as ImportResult) : null
  // Once rows went into the register, the same file is not imported again from this dialog (a
  // second run would write the same rows again as updates); picking a file again starts afresh.
  const imported = result?.committed === true

  return (
    <div ref={backdrop} className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="import-title" className="modal modal--fit">
        <h2 id="import-title">{t('households.imp.title')}</h2>
        {/* The dialog fits the window (768 px high too): its middle scrolls, its buttons stay in view. */}
        <div className="modal__body">
          <div className="actions">
            <button ref={first} type="button" onClick={() => void pick()} disabled={running}>
              {t('households.imp.pick')}
            </button>
            {file ? (
              <span>{t('households.imp.file', { file: file.fileName })}</span>
            ) : (
              <span className="muted">{t('households.imp.formats')}</span>
            )}
          </div>
          {file && preview ? (
            <div className="toolbar">
              <label>
                {t('households.imp.sheet')}
                <select value={preview.sheet} onChange={(e) => change({ sheet: e.target.value })} disabled={running}>
                  {preview.sheets.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('households.imp.year')}
                <input inputMode="numeric" value={year} onChange={(e) => change({ year: e.target.value })} disabled={running} />
              </label>
              <label>
                {t('households.imp.commune')}
                <select value={communeId} onChange={(e) => change({ communeId: e.target.value })} disabled={running}>
                  {communes.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset className="plain">
                <legend>{t('households.imp.mode')}</legend>
                {(['all_or_nothing', 'valid_only'] as const).map((m) => (
                  <label key={m} className="radio">
                    <input type="radio" name="import-mode" checked={mode === m} onChange={() => change({ mode: m })} disabled={running} />
                    {t(`households.imp.mode.${m}` as const)}
                  </label>
                ))}
              </fieldset>
            </div>
          ) : null}
          {busy ? <p role="status">{t('households.imp.previewing')}</p> : null}
          {error ? (
            <div className="form-error" role="alert">
              {error}
            </div>
          ) : null}
          {preview && !busy ? (
            <ImportPreview
              result={preview}
              chosen={choices.mapping}
              mappingOnly={previewFailed}
              onMapping={(field, column) => change({ mapping: { ...choices.mapping, [field]: column } })}
            />
          ) : null}
          {notice ? <p role="status">{notice}</p> : null}
        </div>
        {job ? (
          <div className="job">
            <label>
              {t('households.imp.progress')}: {/* The stage ("Đang ghi…") while the job runs; once it ended, that it ended. */}
              {job.state === 'running'
                ? `${job.stage} ${job.total ? `${formatInt(job.done)}/${formatInt(job.total)}` : ''}`
                : t(`households.imp.ended.${job.state}` as const)}
              {/* Indeterminate while the file is read (its row count is not known yet), then rows written of rows to write. */}
              <progress max={job.total || undefined} value={job.total ? job.done : undefined} />
            </label>
            {job.state === 'cancelled' ? <p role="status">{t('households.imp.cancelled')}</p> : null}
            {job.state === 'failed' ? (
              <div className="form-error" role="alert">
                {job.error}
              </div>
            ) : null}
            {result ? (
              <p role="status">
                {result.committed
                  ? t('households.imp.done', { created: result.created, updated: result.updated, rejected: result.rejected })
                  : t('households.imp.notCommitted', { rejected: result.rejected })}
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="actions modal__foot">
          {preview && !running ? (
            <Button
              variant="primary"
              onClick={() => void start()}
              busy={busy || starting}
              disabledReason={imported ? t('households.imp.alreadyImported') : previewFailed ? t('households.imp.fixFirst') : null}
            >
              {t('households.imp.start')}
            </Button>
          ) : null}
          {running ? (
            <button type="button" onClick={() => jobId && void call('jobs.cancel', { jobId })}>
              {t('households.imp.cancel')}
            </button>
          ) : null}
          {preview && (preview.errors.length || result?.errors.length) ? (
            <button type="button" onClick={() => void saveErrors()} disabled={running}>
              {t('households.imp.saveErrors')}
            </button>
          ) : null}
          <button type="button" onClick={close} disabled={running}>
            {t('households.imp.close')}
          </button>
        </div>
      </div>
    </div>
  )
}
