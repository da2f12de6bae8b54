import type { OfficeFields } from '@shared/domain/office'
import { Field } from '../components/Field'
import { t } from '../i18n'

interface Props {
  value: OfficeFields
  errors: Record<string, string>
  onChange: (value: OfficeFields) => void
  autoFocus?: boolean
}

/** The office's name, code, province and mode; used by the first run and by Settings. */
export function OfficeForm({ value, errors, onChange, autoFocus }: Props) {
  const set = (patch: Partial<OfficeFields>) => onChange({ ...value, ...patch })
  return (
    <div className="form-grid">
      <Field label={t('setup.office.name')} error={errors.name}>
        {(p) => <input {...p} autoFocus={autoFocus} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label={t('setup.office.code')} error={errors.code} hint={t('setup.office.codeHint')}>
        {(p) => <input {...p} value={value.code} onChange={(e) => set({ code: e.target.value })} />}
      </Field>
      <Field label={t('setup.office.provinceCode')} error={errors.provinceCode}>
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            maxLength={2}
            value={value.provinceCode}
            onChange={(e) => set({ provinceCode: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('setup.office.provinceName')} error={errors.provinceName}>
        {(p) => <input {...p} value={value.provinceName ?? ''} onChange={(e) => set({ provinceName: e.target.value })} />}
      </Field>
      <fieldset className="field">
        <legend>{t('setup.office.mode')}</legend>
        {(['office', 'province'] as const).map((mode) => (
          <label key={mode} className="radio">
            <input type="radio" name="mode" checked={(value.mode ?? 'office') === mode} onChange={() => set({ mode })} />
            {t(mode === 'office' ? 'setup.office.mode.office' : 'setup.office.mode.province')}
          </label>
        ))}
      </fieldset>
    </div>
  )
}
