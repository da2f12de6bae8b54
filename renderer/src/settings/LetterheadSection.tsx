import { useEffect, useState } from 'react'
import type { Letterhead } from '@shared/domain/office'
import { call } from '../api'
import { Field } from '../components/Field'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { FormError } from '../components/FormError'
import { t } from '../i18n'

/** The place, agency lines and signature block every document of the office starts from (one place, in Settings). */
export function LetterheadSection({ canEdit }: { canEdit: boolean }) {
  const [value, setValue] = useState<Letterhead | null>(null)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [saved, setSaved] = useState(false)
  useEffect(() => void call('office.letterhead', {}).then(setValue), [])
  if (!value) return null
  const set = (patch: Partial<Letterhead>) => {
    setSaved(false)
    setValue({ ...value, ...patch })
  }
  const setSigner = (patch: Partial<Letterhead['signer']>) => set({ signer: { ...value.signer, ...patch } })
  const save = async () => {
    setErrors(noErrors)
    try {
      setValue(await call('office.saveLetterhead', value))
      setSaved(true)
    } catch (e) {
      setErrors(toFormErrors(e))
    }
  }
  return (
    <section>
      <h2>{t('settings.letterhead')}</h2>
      <p className="muted">{t('settings.letterhead.intro')}</p>
      <fieldset disabled={!canEdit} className="plain">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <div className="form-grid">
            <Field label={t('settings.letterhead.place')} error={errors.fields.place}>
              {(p) => <input {...p} value={value.place} onChange={(e) => set({ place: e.target.value })} />}
            </Field>
            <Field label={t('settings.letterhead.agency')} error={errors.fields.agency}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={value.agency.join('\n')}
                  onChange={(e) => set({ agency: e.target.value.split('\n').slice(0, 3) })}
                />
              )}
            </Field>
            <Field label={t('settings.letterhead.authority')}>
              {(p) => <input {...p} value={value.signer.authority} onChange={(e) => setSigner({ authority: e.target.value })} />}
            </Field>
            <Field label={t('settings.letterhead.title')}>
              {(p) => <input {...p} value={value.signer.title} onChange={(e) => setSigner({ title: e.target.value })} />}
            </Field>
            <Field label={t('settings.letterhead.name')}>
              {(p) => <input {...p} value={value.signer.name} onChange={(e) => setSigner({ name: e.target.value })} />}
            </Field>
          </div>
          <FormError message={errors.form} />
          <div className="actions">
            <button type="submit" className="primary">
              {t('common.save')}
            </button>
            {saved ? <span role="status">{t('common.saved')}</span> : null}
          </div>
        </form>
      </fieldset>
    </section>
  )
}
