import { useEffect, useState } from 'react'
import type { AuditEntryView, HouseholdDetail } from '@shared/domain/household-views'
import { formatDate, formatVnd } from '@shared/text/format'
import { call } from '../api'
import { t } from '../i18n'
import { classBadge, classLabel } from './labels'
import { SupportForm } from './SupportForm'
import { SupportTable } from './SupportTable'

const pad = (n: number) => String(n).padStart(2, '0')
/** An audit timestamp (UTC) in the clerk's own time: dd/mm/yyyy hh:mm. */
function localTime(iso: string): string {
  const d = new Date(iso)
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

interface Props {
  detail: HouseholdDetail
  onEdit: () => void
  onBack: () => void
  /** Main answered a change made on this page (support recorded) with the household as it now is. */
  onChanged: (detail: HouseholdDetail) => void
}

/** One household: its members, its class year by year with the reasons, support received, and who changed what. */
export function HouseholdPage({ detail, onEdit, onBack, onChanged }: Props) {
  const [audit, setAudit] = useState<AuditEntryView[] | null>(null)
  useEffect(() => {
    void call('households.audit', { id: detail.id }).then(setAudit)
  }, [detail])
  const head = detail.members.find((m) => m.relationship === 'head')
  return (
    <article className="household-page" aria-labelledby="household-title">
      <div className="actions">
        <button type="button" onClick={onBack}>
          {t('households.back')}
        </button>
        <button type="button" className="primary" onClick={onEdit}>
          {t('households.detail.edit')}
        </button>
      </div>
      <h2 id="household-title">{t('households.detail.title', { code: detail.code, name: head?.fullName ?? '' })}</h2>
      <p className="muted">
        {t('households.detail.summary', {
          unit: detail.unitName,
          area: t(`households.area.${detail.areaType}` as const),
          members: detail.memberCount,
        })}
      </p>

      <h3>{t('households.detail.members')}</h3>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('households.form.fullName')}</th>
            <th>{t('households.form.relationship')}</th>
            <th>{t('households.form.sex')}</th>
            <th>{t('households.form.birth')}</th>
            <th>{t('households.form.citizenId')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.members.map((m) => (
            <tr key={m.id}>
              <td>{m.fullName}</td>
              <td>{t(`households.rel.${m.relationship}` as const)}</td>
              <td>{t(`households.sex.${m.sex}` as const)}</td>
              <td>{m.birthDate.length === 4 ? m.birthDate : formatDate(m.birthDate)}</td>
              <td>{m.citizenId}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{t('households.detail.history')}</h3>
      {detail.assessments.length === 0 ? (
        <p>{t('households.detail.noHistory')}</p>
      ) : (
        <table className="grid" aria-label={t('households.detail.history')}>
          <thead>
            <tr>
              <th>{t('households.col.year')}</th>
              <th>{t('households.col.class')}</th>
              <th>{t('households.col.income')}</th>
              <th>{t('households.detail.deprived')}</th>
              <th>{t('households.detail.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.assessments.map((a) => (
              <tr key={a.id}>
                <td>{a.year}</td>
                <td>
                  <span className={classBadge(a.classification)}>{classLabel(a.classification)}</span>
                </td>
                <td className="num">{formatVnd(a.incomePerPersonMonth)}</td>
                <td className="num">{a.deprivedCount}</td>
                <td>
                  <ul className="reasons">
                    {a.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('households.detail.support')}</h3>
      <SupportTable support={detail.support} />
      <SupportForm key={detail.id} householdId={detail.id} onSaved={onChanged} />

      <h3>{t('households.detail.audit')}</h3>
      {audit ? (
        <table className="grid" aria-label={t('households.detail.audit')}>
          <thead>
            <tr>
              <th>{t('households.detail.at')}</th>
              <th>{t('households.detail.actor')}</th>
              <th>{t('households.detail.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((e, i) => (
              <tr key={i}>
                <td>{localTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <ul className="reasons">
                    {e.changes.map((c, j) => (
                      <li key={j}>{c}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </article>
  )
}
