import { useState } from 'react'
import { STAGE_LABEL } from '@shared/domain/reviews'
import { formatDate } from '@shared/text/format'
import { call } from '../api'
import { Field } from '../components/Field'
import { t } from '../i18n'
import { CasePanel } from './CasePanel'
import { CLASS_TEXT, Feedback, useAction, useLoad } from './util'
import { DateInput } from '../components/DateInput'
import { HouseholdPicker } from './HouseholdPicker'

/** Single households reviewed during the year, each with its 15-day deadline. */
export function OngoingTab({ year, today }: { year: number; today: string }) {
  const cases = useLoad(() => call('review.cases', { year, ongoing: true }), [year], ['reviews'])
  const [form, setForm] = useState({ householdId: '', appliedOn: '', reason: '' })
  const [openId, setOpenId] = useState<string | null>(null)
  const add = useAction()
  return (
    <>
      <table className="grid" aria-label={t('review.tab.ongoing')}>
        <thead>
          <tr>
            {(['head', 'village', 'result', 'stage', 'due'] as const).map((c) => (
              <th key={c}>{t(`review.col.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(cases.data ?? []).map((c) => (
            <tr key={c.id}>
              <td>
                <button type="button" className="link" onClick={() => setOpenId(c.id)}>
                  {c.headName}
                </button>
              </td>
              <td>{c.unitName}</td>
              <td>{c.classification ? CLASS_TEXT[c.classification] : ''}</td>
              <td>{STAGE_LABEL[c.stage]}</td>
              <td className={c.daysLeft !== null && c.daysLeft < 0 ? 'badge--overdue' : undefined}>
                {c.dueOn ? formatDate(c.dueOn) : ''}{' '}
                {c.daysLeft === null
                  ? ''
                  : c.daysLeft < 0
                    ? t('review.ongoing.late', { days: -c.daysLeft })
                    : t('review.ongoing.daysLeft', { days: c.daysLeft })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {openId ? <CasePanel key={openId} caseId={openId} today={today} onClose={() => setOpenId(null)} /> : null}
      <form
        aria-label={t('review.ongoing.title')}
        onSubmit={(e) => {
          e.preventDefault()
          void add.run(async () => {
            if (!form.householdId) throw new Error(t('review.ongoing.chooseHousehold'))
            const c = await call('review.ongoing', {
              year,
              householdId: form.householdId,
              appliedOn: form.appliedOn || today,
              reason: form.reason,
            })
            return `${c.headName}: ${t('review.col.due')} ${formatDate(c.dueOn ?? '')}`
          })
        }}
      >
        <h2>{t('review.ongoing.title')}</h2>
        <div className="form-grid">
          <HouseholdPicker value={form.householdId} onChange={(householdId) => setForm({ ...form, householdId })} />
          <Field label={t('review.ongoing.appliedOn')}>
            {(p) => <DateInput {...p} value={form.appliedOn || today} onChange={(v) => setForm({ ...form, appliedOn: v })} />}
          </Field>
          <Field label={t('review.ongoing.reason')}>
            {(p) => <input {...p} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
          </Field>
        </div>
        <button type="submit" disabled={add.busy}>
          {t('review.ongoing.open')}
        </button>
        <Feedback status={add.status} error={add.error} />
      </form>
    </>
  )
}
