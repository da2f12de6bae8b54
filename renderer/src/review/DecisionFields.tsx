import { Field } from '../components/Field'
import { t } from '../i18n'
import { DateInput } from '../components/DateInput'

export interface Decision {
  decisionNumber: string
  decisionDate: string
}

/** The commune chair's decision (number and date, today by default): approving a year or one case. */
export function DecisionFields({ value, today, onChange }: { value: Decision; today: string; onChange: (d: Decision) => void }) {
  return (
    <div className="form-grid">
      <Field label={t('review.decisionNumber')}>
        {(p) => <input {...p} value={value.decisionNumber} onChange={(e) => onChange({ ...value, decisionNumber: e.target.value })} />}
      </Field>
      <Field label={t('review.decisionDate')}>
        {(p) => <DateInput {...p} value={value.decisionDate || today} onChange={(v) => onChange({ ...value, decisionDate: v })} />}
      </Field>
    </div>
  )
}
