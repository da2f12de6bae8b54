import type { OfficeFields } from '@shared/domain/office'
import { OFFICE_LEVEL_IDS, OFFICE_LEVELS, defaultLevel } from '@shared/domain/office-levels'
import { Field } from '../components/Field'
import { t } from '../i18n'

interface Props {
  value: OfficeFields
  errors: Record<string, string>
  onChange: (value: OfficeFields) => void
  autoFocus?: boolean
}

/** The office's name, code, province and level; used by the first run and by Settings. */
export function OfficeForm({ value, errors, onChange, autoFocus }: Props) {
  const set = (patch: Partial<OfficeFields>) => onChange({ ...value, ...patch })
  const level = value.level ?? defaultLevel(value.mode)
  return (
    <div className="form-grid">
      <fieldset className="field">
        <legend>{t('setup.office.level')}</legend>
        {OFFICE_LEVEL_IDS.map((l) => (
          <label key={l} className="radio">
            <input type="radio" name="level" checked={level === l} onChange={() => set({ level: l, mode: OFFICE_LEVELS[l].mode })} />
            {t(`setup.office.level.${l}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('setup.office.name')} error={errors.name}>
        {(p) => <input {...p} autoFocus={autoFocus} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label={t('setup.office.code')} error={errors.code} hint={t('setup.office.codeHint')}>
        {(p) => <input {...p} inputMode="numeric" value={value.code} onChange={(e) => set({ code: e.target.value })} />}
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
    </div>
  )
}
