import type { Block, DocTable, OfficialDocument } from '@shared/print/document'
import { formatCell, longViDate } from '@shared/print/format-cell'
import { t } from '../i18n'

/**
 * The on-screen rendering of an official document: the same data and the same Decree 30 layout as
 * the print view and the Excel file, drawn by React (so user text is escaped by construction).
 */
export function DocumentView({ doc }: { doc: OfficialDocument }) {
  return (
    <article className={`paper paper--${doc.orientation}`} aria-label={doc.title}>
      <header className="paper__head">
        <div className="paper__agency">
          {doc.agency.map((line, i) => (
            <div key={i} className={i === doc.agency.length - 1 ? 'main' : ''}>
              {line}
            </div>
          ))}
          <div className="rule" />
          <div>{t('reports.doc.number', { number: doc.number || '      /' })}</div>
        </div>
        <div className="paper__nation">
          <div className="nation">{t('reports.doc.nation')}</div>
          <div className="motto">{t('reports.doc.motto')}</div>
          <div className="dateline">
            {doc.place}, {longViDate(doc.date)}
          </div>
        </div>
      </header>
      <h2 className="paper__title">{doc.title}</h2>
      {doc.subtitle ? <div className="paper__subtitle">{doc.subtitle}</div> : null}
      {doc.body.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
      <footer className="paper__foot">
        <div className="recipients">
          <div className="label">{t('reports.doc.recipients')}</div>
          {doc.recipients.map((r, i) => (
            <div key={i}>
              - {r}
              {i === doc.recipients.length - 1 ? '.' : ';'}
            </div>
          ))}
        </div>
        <div className="sign">
          <div className="strong">{doc.signer.authority}</div>
          <div className="strong">{doc.signer.title}</div>
          <div className="space" />
          <div className="name">{doc.signer.name}</div>
        </div>
      </footer>
    </article>
  )
}

function BlockView({ block }: { block: Block }) {
  if (block.kind === 'heading') return <h3>{block.text}</h3>
  if (block.kind === 'paragraph') {
    return <p className={`align-${block.align ?? 'justify'}${block.bold ? ' bold' : ''}${block.italic ? ' italic' : ''}`}>{block.text}</p>
  }
  return <TableView table={block.table} />
}

export function TableView({ table }: { table: DocTable }) {
  const bold = new Set(table.boldRows ?? [])
  return (
    // A wide table scrolls in its own frame; the frame takes focus so the arrow keys scroll it (WCAG 2.1.1).
    <div className="paper__table-wrap" tabIndex={0} role="region" aria-label={t('reports.tableFrame')}>
      <table className="paper__table">
        <thead>
          {table.header.map((row, r) => (
            <tr key={r}>
              {row.map((h, c) => (
                <th key={c} colSpan={h.colSpan} rowSpan={h.rowSpan}>
                  {h.text}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} className={bold.has(r) ? 'bold' : undefined}>
              {row.map((cell, c) => {
                const spec = table.columns[c]
                return (
                  <td key={c} className={spec && spec.kind !== 'text' && spec.kind !== 'date' ? 'num' : undefined}>
                    {formatCell(cell, spec)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
