import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { AREA_TYPES, LIVELIHOODS, POVERTY_CAUSES, SPECIAL_GROUPS, type Classification, type Livelihood } from '@shared/domain/households'
import type { HouseholdDetail } from '@shared/domain/household-views'
import type { PovertyStandard } from '@shared/standards/schema'
import type { AdminUnit } from '@shared/domain/units'
import { localToday } from '@shared/domain/deadline'
import { standardForEntry } from '@shared/standards'
import { call } from '../api'
import { Field } from '../components/Field'
import { Button } from '../components/Button'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { toFormErrors } from '../components/errors'
import { t } from '../i18n'
import { draftFrom, emptyDraft, isShownField, toInput, validateDraft, type Draft } from './form-model'
import { IndicatorsEditor } from './IndicatorsEditor'
import { LiveClassification } from './LiveClassification'
import { liveClassify } from './live-classify'
import { MembersEditor } from './MembersEditor'

interface Props {
  existing: HouseholdDetail | null
  standards: PovertyStandard[]
  villages: AdminUnit[]
  onSaved: (d: HouseholdDetail) => void
  /** Leaving without saving; `toList` when the navigation asked (the page then shows its list, not the household). */
  onCancel: (toList: boolean) => void
  /** Changes when the clerk asks to leave from outside the form (the navigation): leave as Cancel would, asking first if anything changed. */
  leaveRequest?: number | undefined
}

/**
 * One form for a household, its members and one year's assessment, usable from the keyboard
 * alone: Tab moves through the fields in reading order, Enter saves, Escape goes back; after a
 * failed save the focus moves to the first field with a message.
 */
export function HouseholdForm({ existing, standards, villages, onSaved, onCancel, leaveRequest }: Props) {
  const year = new Date().getFullYear()
  const [draft, setDraft] = useState<Draft>(() => (existing ? draftFrom(existing, year) : emptyDraft(year)))
  // What the form held when it opened: leaving with anything else asks first.
  const [pristine] = useState(() => JSON.stringify(draft))
  // The leaving waiting for "Bỏ thay đổi": asked by the form's Cancel/Escape, or by the navigation.
  const [confirmLeave, setConfirmLeave] = useState<false | 'form' | 'nav'>(false)
  const leave = useCallback(
    (from: 'form' | 'nav' = 'form') => (JSON.stringify(draft) === pristine ? onCancel(from === 'nav') : setConfirmLeave(from)),
    [draft, pristine, onCancel],
  )
  const seenRequest = useRef(leaveRequest)
  useEffect(() => {
    if (leaveRequest === seenRequest.current) return
    seenRequest.current = leaveRequest
    leave('nav')
  }, [leaveRequest, leave])
  const [found, setErrors] = useState<Record<string, string>>({})
  const [mainError, setFormError] = useState<string | null>(null)
  // The form's own checks are asked again as the clerk types: a message found at "Lưu" goes as soon
  // as its field is right (none appears before the next "Lưu"). Main's messages stay until then.
  const [foundBy, setFoundBy] = useState<'form' | 'main'>('form')
  const stillWrong = useMemo(() => validateDraft(draft, localToday(new Date())), [draft])
  const errors =
    foundBy === 'main' ? found : Object.fromEntries(Object.keys(found).flatMap((k) => (stillWrong[k] ? [[k, stillWrong[k]]] : [])))
  const formError =
    foundBy === 'main'
      ? mainError
      : Object.keys(errors).length
        ? t('households.form.fixErrors', { count: Object.keys(errors).length })
        : null
  const [attempt, setAttempt] = useState(0)
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))

  const previous: Classification | null = existing?.assessments.find((a) => a.year === Number(draft.year) - 1)?.classification ?? null
  // The standard main will use for the year: the year's review's when one is open, else by the day of entry.
  const [reviewStandards, setReviewStandards] = useState<Map<number, string>>(new Map())
  useEffect(() => {
    void call('review.cycles', {})
      .then((cycles) => setReviewStandards(new Map(cycles.map((c) => [c.year, c.standardId]))))
      .catch(() => undefined)
  }, [])
  const live = useMemo(
    () =>
      liveClassify(standards, draft, previous, (all, y) =>
        standardForEntry(all, { year: y, today: localToday(new Date()), reviewStandardId: reviewStandards.get(y) ?? null }),
      ),
    [standards, draft, previous, reviewStandards],
  )

  useEffect(() => {
    if (!attempt) return
    // The first field with a message; a household-level message (no head) has no field, so its first member's relationship.
    const form = formRef.current
    const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.member select')
    first?.focus()
  }, [attempt])

  const submit = async () => {
    // Vietnam's date, as main checks it: a UTC date is still yesterday before 07:00.
    const wrong = validateDraft(draft, localToday(new Date()))
    setFoundBy('form')
    setErrors(wrong)
    setFormError(null)
    if (Object.keys(wrong).length) {
      setAttempt((n) => n + 1)
      return
    }
    setBusy(true)
    try {
      onSaved(await call('households.save', toInput(draft)))
    } catch (e) {
      const f = toFormErrors(e, [], isShownField)
      setFoundBy('main')
      setErrors(f.fields)
      setFormError(f.form)
      setAttempt((n) => n + 1)
    } finally {
      setBusy(false)
    }
  }

  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v))
  return (
    <form
      ref={formRef}
      className="household-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          leave()
        }
      }}
    >
      <h2>{existing ? t('households.form.edit', { code: existing.code }) : t('households.form.new')}</h2>
      <div className="household-form__body">
        <div>
          <fieldset>
            <legend>{t('households.form.household')}</legend>
            <div className="form-grid">
              <Field label={t('households.form.unit')} error={errors['household.unitId']}>
                {(p) => (
                  <select {...p} autoFocus value={draft.unitId} onChange={(e) => set({ unitId: e.target.value })}>
                    <option value="">{t('households.form.choose')}</option>
                    {villages.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('households.form.area')} error={errors['household.areaType']}>
                {(p) => (
                  <select {...p} value={draft.areaType} onChange={(e) => set({ areaType: e.target.value as Draft['areaType'] })}>
                    {AREA_TYPES.map((a) => (
                      <option key={a} value={a}>
                        {t(`households.area.${a}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('households.form.code')} error={errors['household.code']} hint={t('households.form.codeHint')}>
                {(p) => <input {...p} value={draft.code} onChange={(e) => set({ code: e.target.value })} />}
              </Field>
              <Field label={t('households.form.address')} error={errors['household.address']}>
                {(p) => <input {...p} value={draft.address} onChange={(e) => set({ address: e.target.value })} />}
              </Field>
              <Field label={t('households.form.phone')} error={errors['household.phone']}>
                {(p) => <input {...p} inputMode="tel" value={draft.phone} onChange={(e) => set({ phone: e.target.value })} />}
              </Field>
              <Field label={t('households.form.ethnicity')} error={errors['household.ethnicity']}>
                {(p) => <input {...p} value={draft.ethnicity} onChange={(e) => set({ ethnicity: e.target.value })} />}
              </Field>
              <Field
                label={t('households.form.livelihood')}
                hint={t('households.form.livelihoodHint')}
                error={errors['household.livelihood']}
              >
                {(p) => (
                  <select
                    {...p}
                    value={draft.livelihood ?? ''}
                    onChange={(e) => set({ livelihood: e.target.value ? (e.target.value as Livelihood) : null })}
                  >
                    <option value="">{t('households.form.livelihoodNone')}</option>
                    {LIVELIHOODS.map((l) => (
                      <option key={l} value={l}>
                        {t(`households.livelihood.${l}` as const)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <fieldset className="checks">
              <legend>{t('households.form.groups')}</legend>
              {SPECIAL_GROUPS.map((g) => (
                <label key={g} className="radio">
                  <input
                    type="checkbox"
                    checked={draft.specialGroups.includes(g)}
                    onChange={(e) => set({ specialGroups: toggle(draft.specialGroups, g, e.target.checked) })}
                  />
                  {t(`households.group.${g}` as const)}
                </label>
              ))}
            </fieldset>
            <fieldset className="checks">
              <legend>{t('households.form.causes')}</legend>
              {POVERTY_CAUSES.map((c) => (
                <label key={c} className="radio">
                  <input
                    type="checkbox"
                    checked={draft.povertyCauses.includes(c)}
                    onChange={(e) => set({ povertyCauses: toggle(draft.povertyCauses, c, e.target.checked) })}
                  />
                  {t(`households.cause.${c}` as const)}
                </label>
              ))}
            </fieldset>
          </fieldset>
          <MembersEditor members={draft.members} errors={errors} onChange={(members) => set({ members })} />
          <fieldset>
            <legend>{t('households.form.assessment')}</legend>
            <div className="form-grid">
              <Field label={t('households.form.year')} error={errors['assessment.year']}>
                {(p) => <input {...p} inputMode="numeric" value={draft.year} onChange={(e) => set({ year: e.target.value })} />}
              </Field>
              <Field label={t('households.form.income')} error={errors['assessment.incomePerPersonMonth']}>
                {(p) => <input {...p} inputMode="numeric" value={draft.income} onChange={(e) => set({ income: e.target.value })} />}
              </Field>
              <Field label={t('households.form.housingArea')} error={errors['assessment.housingAreaM2']}>
                {(p) => (
                  <input {...p} inputMode="decimal" value={draft.housingArea} onChange={(e) => set({ housingArea: e.target.value })} />
                )}
              </Field>
            </div>
            {live.standard ? (
              <IndicatorsEditor
                standard={live.standard}
                merged={live.indicators}
                value={draft.indicators}
                onChange={(indicators) => set({ indicators })}
              />
            ) : null}
          </fieldset>
        </div>
        <LiveClassification standard={live.standard} result={live.result} year={draft.year} />
      </div>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('households.form.save')}
        </Button>
        <Button onClick={() => leave()}>{t('common.cancel')}</Button>
      </div>
      {confirmLeave ? (
        <ConfirmDialog
          title={t('households.form.discardTitle')}
          message={
            <p>{existing ? t('households.form.discardWhat.edit', { code: existing.code }) : t('households.form.discardWhat.new')}</p>
          }
          irreversible={t('households.form.discardUndo')}
          confirmLabel={t('households.form.discard')}
          cancelLabel={t('households.form.keepEditing')}
          danger
          onConfirm={() => onCancel(confirmLeave === 'nav')}
          onCancel={() => setConfirmLeave(false)}
        />
      ) : null}
    </form>
  )
}
