import type { Deadline } from '@shared/domain/deadline'
import { Field } from '../components/Field'
import { t } from '../i18n'
import type { DeadlineDraft } from './deadline-draft'
import { DateInput } from '../components/DateInput'

/** A deadline: one date, every year before a day, or every six months before two days. */
export function DeadlineInput({
  value,
  onChange,
  errors,
}: {
  value: DeadlineDraft
  onChange: (d: DeadlineDraft) => void
  errors: Record<string, string>
}) {
  const error = (...keys: string[]) => keys.map((k) => errors[`deadline${k}`]).find(Boolean)
  return (
    <>
      <Field label={t('plans.deadline.kind')}>
        {(p) => (
          <select {...p} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as Deadline['kind'] })}>
            <option value="date">{t('plans.deadline.date')}</option>
            <option value="yearly">{t('plans.deadline.yearly')}</option>
            <option value="half_yearly">{t('plans.deadline.half_yearly')}</option>
          </select>
        )}
      </Field>
      {value.kind === 'date' ? (
        <Field label={t('plans.deadline.on')} error={error('.date', '')}>
          {(p) => <DateInput {...p} value={value.date} onChange={(v) => onChange({ ...value, date: v })} />}
        </Field>
      ) : (
        <Field label={t('plans.deadline.dayMonth')} error={error('.day', '.month', '.dates.1.day', '.dates.1.month', '')}>
          {(p) => <input {...p} placeholder="15/12" value={value.first} onChange={(e) => onChange({ ...value, first: e.target.value })} />}
        </Field>
      )}
      {value.kind === 'half_yearly' ? (
        <Field label={t('plans.deadline.second')} error={error('.dates.0.day', '.dates.0.month')}>
          {(p) => (
            <input {...p} placeholder="15/06" value={value.second} onChange={(e) => onChange({ ...value, second: e.target.value })} />
          )}
        </Field>
      ) : null}
    </>
  )
}
