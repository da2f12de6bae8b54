import { useEffect, useState } from 'react'
import { OfficeFieldsSchema, type OfficeFields, type OfficeProfile } from '@shared/domain/office'
import { OFFICE_LEVELS, defaultLevel, unitsUnderOffice } from '@shared/domain/office-levels'
import type { UnitDraft } from '@shared/domain/units'
import type { StandardSummary } from '@shared/standards/schema'
import type { ChannelOutput } from '@shared/contract'
import { call } from '../api'
import { keepUnfixed, noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { t } from '../i18n'
import { OfficeForm } from './OfficeForm'
import { UnitDraftEditor } from './UnitDraftEditor'
import { mergeDrafts } from './unit-drafts'
import { AccountFields, EMPTY_ACCOUNT, checkAccount, type AccountDraft } from '../auth/AccountFields'
import { FormError } from '../components/FormError'

type Step = 'office' | 'units' | 'standard' | 'admin'
type Picked = Extract<ChannelOutput<'units.pickFile'>, { cancelled: false }>

// Since the 2025 reform the office is, in most places, the commune's People's Committee.
const EMPTY: OfficeFields = { name: '', code: '', provinceCode: '', provinceName: '', mode: 'office', level: 'commune', standardId: '' }

/** The first-run wizard: office, then its units, then the poverty standard; saved in one transaction at the end. */
export function FirstRun({ onDone }: { onDone: (office: OfficeProfile) => void }) {
  const [step, setStep] = useState<Step>('office')
  const [office, setOffice] = useState<OfficeFields>(EMPTY)
  const [units, setUnits] = useState<UnitDraft[]>([])
  const [standards, setStandards] = useState<StandardSummary[]>([])
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [picked, setPicked] = useState<Picked | null>(null)
  const [busy, setBusy] = useState(false)
  const [admin, setAdmin] = useState<AccountDraft>(EMPTY_ACCOUNT)
  // Units the last import left out because they were listed already.
  const [repeats, setRepeats] = useState<string | null>(null)

  useEffect(() => {
    void call('standards.list', {}).then((list) => {
      setStandards(list)
      const year = new Date().getFullYear()
      const current = list.find((s) => s.fromYear <= year && year <= s.toYear) ?? list[0]
      setOffice((o) => ({ ...o, standardId: o.standardId || current?.id || '' }))
    })
  }, [])

  const officeIssues = (value: OfficeFields) => {
    const parsed = OfficeFieldsSchema.safeParse(value)
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))
  }
  const changeOffice = (value: OfficeFields) => {
    setOffice(value)
    setErrors((e) => keepUnfixed(e, officeIssues(value)))
  }
  const changeAdmin = (value: AccountDraft) => {
    setAdmin(value)
    setErrors((e) => keepUnfixed(e, Object.keys(checkAccount(value))))
  }
  /** A change to the list answers the "no unit yet" message (Next checks again). */
  const changeUnits = (value: UnitDraft[]) => {
    setUnits(value)
    setErrors(noErrors)
  }

  const checkOffice = () => {
    const parsed = OfficeFieldsSchema.safeParse(office)
    if (parsed.success) return true
    const fields: Record<string, string> = {}
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.')
      if (key !== 'standardId' && !fields[key]) fields[key] = issue.message
    }
    setErrors({ fields, form: null })
    return Object.keys(fields).length === 0
  }

  const level = office.level ?? defaultLevel(office.mode)
  /** The units step cannot be left without somewhere to record households (the service refuses it too). */
  const checkUnits = () => {
    const rule = OFFICE_LEVELS[level]
    if (unitsUnderOffice(level, units) >= rule.minUnits) return true
    setErrors({ fields: {}, form: t('setup.units.required', { noun: rule.unitNoun }) })
    return false
  }

  const importFile = async () => {
    setErrors(noErrors)
    setRepeats(null)
    try {
      const result = await call('units.pickFile', {})
      if (result.cancelled) return
      setPicked(result)
      // A unit already listed (typed, or in an earlier file) is not added twice; the clerk is told which, here.
      const merged = mergeDrafts(units, result.drafts)
      setUnits(merged.drafts)
      setRepeats(
        merged.repeated.length
          ? t('setup.units.importRepeats', { count: merged.repeated.length, names: merged.repeated.join(', ') })
          : null,
      )
    } catch (e) {
      setErrors(toFormErrors(e))
    }
  }

  const checkAdmin = () => {
    const fields = checkAccount(admin)
    setErrors({ fields, form: null })
    return Object.keys(fields).length === 0
  }

  const finish = async () => {
    if (!checkAdmin()) return
    setBusy(true)
    setErrors(noErrors)
    try {
      const { displayName, username, password } = admin
      onDone(await call('office.setup', { office, units, admin: { displayName, username, password } }))
    } catch (e) {
      const isAdmin = e instanceof Error && 'path' in e && Array.isArray(e.path) && e.path[0] === 'admin'
      if (e instanceof Error && 'path' in e && Array.isArray(e.path) && e.path[0] === 'units') {
        // A unit main refused (a second commune at a commune office, none at all): back to the units, with main's words.
        setErrors({ fields: {}, form: e.message })
        setStep('units')
        return
      }
      const errs = toFormErrors(e, [isAdmin ? 'admin' : 'office'])
      setErrors(errs)
      if (!isAdmin && Object.keys(errs.fields).some((k) => k !== 'standardId')) setStep('office')
    } finally {
      setBusy(false)
    }
  }

  const steps: Step[] = ['office', 'units', 'standard', 'admin']
  return (
    <main className="first-run">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <ol className="steps" aria-label={t('setup.title')}>
        {steps.map((s) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            {t(`setup.step.${s}`)}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (step === 'office' && checkOffice()) {
            setErrors(noErrors)
            setStep('units')
          } else if (step === 'units' && checkUnits()) setStep('standard')
          else if (step === 'standard') setStep('admin')
          else if (step === 'admin') void finish()
        }}
      >
        {step === 'office' ? <OfficeForm value={office} errors={errors.fields} onChange={changeOffice} autoFocus /> : null}
        {step === 'units' ? (
          <section>
            <p>{t(level === 'commune' ? 'setup.units.communeIntro' : 'setup.units.intro')}</p>
            <p>
              <button type="button" onClick={() => void importFile()}>
                {t('setup.units.import')}
              </button>
            </p>
            {picked ? (
              <div className="notice" role="status">
                {t('setup.units.imported', { count: picked.drafts.length, file: picked.fileName })}
                {picked.errors.length > 0 ? (
                  <>
                    <div>{t('setup.units.rowErrors', { count: picked.errors.length })}</div>
                    <ul>
                      {picked.errors.map((er) => (
                        <li key={`${er.row}-${er.column}`}>
                          {er.column
                            ? t('setup.units.rowError', { row: er.row, column: er.column, message: er.message })
                            : t('setup.units.rowErrorNoColumn', { row: er.row, message: er.message })}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </div>
            ) : null}
            <UnitDraftEditor drafts={units} onChange={changeUnits} level={level} notice={repeats} />
          </section>
        ) : null}
        {step === 'standard' ? (
          <fieldset className="field">
            <legend>{t('setup.standard.intro')}</legend>
            {standards.map((s) => (
              <label key={s.id} className="radio">
                <input
                  type="radio"
                  name="standard"
                  checked={office.standardId === s.id}
                  onChange={() => setOffice({ ...office, standardId: s.id })}
                />
                {s.name}{' '}
                <span className="muted">
                  ({s.legalBasis}; {s.fromYear}–{s.toYear})
                </span>
              </label>
            ))}
            {errors.fields.standardId ? <div className="field__error">{errors.fields.standardId}</div> : null}
          </fieldset>
        ) : null}
        {step === 'admin' ? (
          <section>
            <p>{t('setup.admin.intro')}</p>
            <AccountFields value={admin} errors={errors.fields} onChange={changeAdmin} autoFocus />
          </section>
        ) : null}
        <FormError message={errors.form} />
        <div className="actions">
          {step !== 'office' ? (
            <button type="button" onClick={() => (setErrors(noErrors), setStep(steps[steps.indexOf(step) - 1]!))}>
              {t('common.back')}
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {step === 'admin' ? t('setup.finish') : t('common.next')}
          </button>
        </div>
      </form>
    </main>
  )
}
