import { useEffect, useRef, useState } from 'react'
import { localToday } from '@shared/domain/deadline'
import type { HouseholdDetail } from '@shared/domain/household-views'
import { formatVnd, parseMoney } from '@shared/text/format'
import { call } from '../api'
import { Field } from '../components/Field'
import { FormError } from '../components/FormError'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { PROJECTS, projectLabel } from './labels'
import { DateInput } from '../components/DateInput'

/** As typed: the project as the select's value ('' for none), the amount with or without dots. */
interface SupportDraft {
  policy: string
  project: string
  date: string
  amount: string
  note: string
}

// The contract's field names, which are also the paths main reports a refused field by.
const FIELDS = new Set(['policy', 'project', 'date', 'amount', 'note'])

const blank = (date: string): SupportDraft => ({ policy: '', project: '', date, amount: '', note: '' })

/**
 * Records one support a household received, from the keyboard alone: Tab through the fields, Enter
 * saves. A refused entry puts the focus on the first field with a message; a saved one puts it back
 * on the policy for the next entry, keeping the date, since one distribution is entered in a row.
 */
export function SupportForm({ householdId, onSaved }: { householdId: string; onSaved: (d: HouseholdDetail) => void }) {
  const [draft, setDraft] = useState(() => blank(localToday(new Date())))
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [status, setStatus] = useState('')
  const [attempt, setAttempt] = useState(0)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (patch: Partial<SupportDraft>) => setDraft((d) => ({ ...d, ...patch }))

  useEffect(() => {
    if (!attempt) return
    const form = formRef.current
    ;(form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('input'))?.focus()
  }, [attempt])

  const submit = async () => {
    setStatus('')
    // Only what cannot be sent as typed is checked here; the policy and the rest are main's to refuse.
    const amount = parseMoney(draft.amount)
    const found: Record<string, string> = {}
    if (!draft.date) found.date = t('households.err.supportDate')
    if (amount === null) found.amount = t('households.err.amount')
    if (amount === null || found.date) {
      setErrors({ fields: found, form: null })
      setAttempt((n) => n + 1)
      return
    }
    setBusy(true)
    try {
      const detail = await call('households.addSupport', {
        householdId,
        policy: draft.policy,
        project: draft.project ? Number(draft.project) : null,
        date: draft.date,
        amount,
        note: draft.note,
      })
      onSaved(detail)
      setDraft((d) => blank(d.date))
      setErrors(noErrors)
      setStatus(t('households.support.saved', { policy: draft.policy.trim(), amount: formatVnd(amount) }))
    } catch (e) {
      setErrors(toFormErrors(e, [], (path) => FIELDS.has(path)))
    } finally {
      setBusy(false)
      setAttempt((n) => n + 1)
    }
  }

  return (
    <form
      ref={formRef}
      className="support-form"
      aria-label={t('households.support.form')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <div className="support-form__fields">
        <Field label={t('households.support.policy')} error={errors.fields.policy}>
          {(p) => <input {...p} value={draft.policy} onChange={(e) => set({ policy: e.target.value })} />}
        </Field>
        <Field label={t('households.support.project')} error={errors.fields.project}>
          {(p) => (
            <select {...p} value={draft.project} onChange={(e) => set({ project: e.target.value })}>
              <option value="">{projectLabel(null)}</option>
              {PROJECTS.map((n) => (
                <option key={n} value={n}>
                  {projectLabel(n)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('households.support.date')} error={errors.fields.date}>
          {(p) => <DateInput {...p} value={draft.date} onChange={(v) => set({ date: v })} />}
        </Field>
        <Field label={t('households.support.amount')} error={errors.fields.amount}>
          {(p) => <input {...p} inputMode="numeric" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} />}
        </Field>
        <Field label={t('households.support.note')} error={errors.fields.note}>
          {(p) => <input {...p} value={draft.note} onChange={(e) => set({ note: e.target.value })} />}
        </Field>
      </div>
      <FormError message={errors.form} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('households.support.submit')}
        </button>
        <span role="status">{status}</span>
      </div>
    </form>
  )
}
