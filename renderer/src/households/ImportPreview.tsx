import { IMPORT_FIELDS, type ImportResult } from '@shared/domain/household-import'
import { t } from '../i18n'
import { classLabel } from './labels'

interface Props {
  result: ImportResult
  /** The clerk's own choices (field → column, null for "(không dùng)"), shown over the preview's match. */
  chosen?: Record<string, number | null>
  /** The last preview failed: only the column match is shown, to put right. */
  mappingOnly?: boolean
  onMapping: (field: string, column: number | null) => void
}

/** The automatic column match (each one can be changed), then what the import would do and every bad row. */
export function ImportPreview({ result, chosen = {}, mappingOnly = false, onMapping }: Props) {
  const mapped = new Map<string, number | null>(result.mapping.map((m) => [m.field, m.column]))
  for (const [field, column] of Object.entries(chosen)) mapped.set(field, column)
  return (
    <>
      <fieldset className="mapping">
        <legend>{t('households.imp.mapping')}</legend>
        <p className="muted">{t('households.imp.mappingHint')}</p>
        <div className="mapping__grid">
          {IMPORT_FIELDS.map((f) => (
            <label key={f.field}>
              {f.synonyms[0]}
              <select
                value={mapped.get(f.field) ?? ''}
                onChange={(e) => onMapping(f.field, e.target.value === '' ? null : Number(e.target.value))}
              >
                <option value="">{t('households.imp.notMapped')}</option>
                {result.columns.map((label, i) =>
                  label ? (
                    <option key={i} value={i}>
                      {label}
                    </option>
                  ) : null,
                )}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      {mappingOnly ? null : <PreviewResult result={result} />}
    </>
  )
}

function PreviewResult({ result }: { result: ImportResult }) {
  return (
    <>
      <p role="status" className="import-summary">
        {t('households.imp.summary', { created: result.created, updated: result.updated, rejected: result.rejected })}
      </p>
      {result.addedVillages.length ? <p>{t('households.imp.villages', { names: result.addedVillages.join(', ') })}</p> : null}
      {result.notices.length ? (
        <section aria-label={t('households.imp.notices')}>
          <h3>{t('households.imp.notices')}</h3>
          <ul className="import-notices">
            {result.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.errors.length ? (
        <section aria-label={t('households.imp.errors')}>
          <h3>{t('households.imp.errors')}</h3>
          <ul className="import-errors">
            {result.errors.map((e, i) => (
              <li key={i}>{t('households.imp.errorLine', { row: e.row, column: e.column, message: e.message })}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <h3>{t('households.imp.preview')}</h3>
      <table className="grid" aria-label={t('households.imp.preview')}>
        <thead>
          <tr>
            <th>{t('households.imp.col.row')}</th>
            <th>{t('households.imp.col.action')}</th>
            <th>{t('households.col.code')}</th>
            <th>{t('households.col.head')}</th>
            <th>{t('households.col.unit')}</th>
            <th>{t('households.col.class')}</th>
            <th>{t('households.imp.col.fileClass')}</th>
          </tr>
        </thead>
        <tbody>
          {result.preview.map((p) => (
            <tr key={p.row} className={p.action === 'reject' ? 'rejected' : undefined}>
              <td className="num">{p.row}</td>
              <td>{t(`households.imp.action.${p.action}` as const)}</td>
              <td>{p.code}</td>
              <td>{p.headName}</td>
              <td>{p.village}</td>
              <td>{p.classification ? classLabel(p.classification) : ''}</td>
              <td>{p.fileClassification ? classLabel(p.fileClassification) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
