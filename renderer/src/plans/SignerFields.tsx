import { Field } from '../components/Field'
import { t } from '../i18n'

export interface DocOptions {
  number: string
  authority: string
  title: string
  name: string
}

export const DEFAULT_DOC_OPTIONS: DocOptions = { number: '', authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: '' }

export function docInput(o: DocOptions) {
  return { number: o.number, signer: { authority: o.authority, title: o.title, name: o.name } }
}

/** Number and symbol of the document and who signs it. */
export function SignerFields({ value, onChange }: { value: DocOptions; onChange: (v: DocOptions) => void }) {
  const input = (key: keyof DocOptions, label: Parameters<typeof t>[0]) => (
    <Field label={t(label)}>
      {(p) => <input {...p} value={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.value })} />}
    </Field>
  )
  return (
    <div className="form-grid">
      {input('number', 'plans.urge.number')}
      {input('authority', 'plans.urge.signerAuthority')}
      {input('title', 'plans.urge.signerTitle')}
      {input('name', 'plans.urge.signerName')}
    </div>
  )
}
