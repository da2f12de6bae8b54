import type { HouseholdDetail } from '@shared/domain/household-views'
import { formatDate, formatVnd } from '@shared/text/format'
import { t } from '../i18n'
import { projectLabel } from './labels'

/** The support a household received, newest first as main sends it, with the amounts added up. */
export function SupportTable({ support }: { support: HouseholdDetail['support'] }) {
  if (support.length === 0) return <p>{t('households.detail.noSupport')}</p>
  const total = support.reduce((sum, s) => sum + s.amount, 0)
  return (
    <table className="grid support-table" aria-label={t('households.detail.support')}>
      <thead>
        <tr>
          <th>{t('households.support.date')}</th>
          <th>{t('households.support.col.policy')}</th>
          <th>{t('households.support.project')}</th>
          <th className="num">{t('households.support.col.amount')}</th>
          <th>{t('households.support.note')}</th>
        </tr>
      </thead>
      <tbody>
        {support.map((s) => (
          <tr key={s.id}>
            <td>{formatDate(s.date)}</td>
            <td>{s.policy}</td>
            <td>{s.project === null ? '' : projectLabel(s.project)}</td>
            <td className="num">{formatVnd(s.amount)}</td>
            <td>{s.note}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t('households.support.total', { count: support.length })}
          </th>
          <td className="num">{formatVnd(total)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  )
}
