import { useEffect, useState } from 'react'
import { OfficeFieldsSchema, type OfficeFields, type OfficeProfile } from '@shared/domain/office'
import { OFFICE_LEVELS, defaultLevel } from '@shared/domain/office-levels'
import type { AdminUnit, UnitKind } from '@shared/domain/units'
import { viCollator } from '@shared/text/fold'
import { call } from '../api'
import { noErrors, toFormErrors, type FormErrors } from '../components/errors'
import { CHILD_KIND, KIND_LABEL } from '../components/kinds'
import { t } from '../i18n'
import { OfficeForm } from '../setup/OfficeForm'
import type { User } from '@shared/domain/users'
import { UsersSection } from './UsersSection'
import { AddUnitForm } from './AddUnitForm'
import { LetterheadSection } from './LetterheadSection'
import { BackupSection } from './BackupSection'
import { FormError } from '../components/FormError'
import { StandardsSection } from '../households/StandardsSection'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { Button } from '../components/Button'
import { useAccess } from '../auth/access'

/** Settings: the office profile and level, its administrative units (add, rename with history), the letterhead of its documents. */
export function SettingsPage({
  office,
  user,
  onOfficeChange,
}: {
  office: OfficeProfile
  user: User
  onOfficeChange: (o: OfficeProfile) => void
}) {
  const [fields, setFields] = useState<OfficeFields>(office)
  const [errors, setErrors] = useState<FormErrors>(noErrors)
  const [saved, setSaved] = useState(false)
  const [units, setUnits] = useState<AdminUnit[]>([])
  const [confirmProvince, setConfirmProvince] = useState(false)
  const [busy, setBusy] = useState(false)
  // What the role may change is the contract's rule for each channel (the router enforces it).
  const refused = useAccess()
  const readOnly = Boolean(refused('office.update'))

  const reload = () => void call('units.list', {}).then(setUnits)
  useEffect(reload, [])

  const save = async () => {
    setErrors(noErrors)
    setSaved(false)
    setBusy(true)
    try {
      const { code, name, provinceCode, provinceName, mode, level, standardId } = fields
      onOfficeChange(await call('office.update', { code, name, provinceCode, provinceName, mode, level, standardId }))
      setSaved(true)
    } catch (e) {
      setErrors(toFormErrors(e))
    } finally {
      setBusy(false)
      setConfirmProvince(false)
    }
  }
  // Becoming the province turns this database into a province one at once: the fields are checked
  // first (with main's schema), then the clerk confirms by typing the office's code.
  const requestSave = () => {
    const parsed = OfficeFieldsSchema.safeParse(fields)
    const toProvince = office.mode !== 'province' && OFFICE_LEVELS[fields.level ?? defaultLevel(fields.mode)].mode === 'province'
    if (toProvince && parsed.success) {
      setErrors(noErrors)
      setSaved(false)
      setConfirmProvince(true)
    } else void save()
  }

  // A unit merged into another is kept inactive, its name among the other's former names: not listed.
  const sorted = (parent: string | null) =>
    units.filter((u) => u.parentId === parent && u.active).sort((a, b) => viCollator.compare(a.name, b.name))

  const renderUnit = (u: AdminUnit) => (
    <li key={u.id}>
      <UnitRow unit={u} siblings={sorted(u.parentId).filter((o) => o.id !== u.id && o.kind === u.kind)} onChanged={reload} />
      <ul>{sorted(u.id).map(renderUnit)}</ul>
    </li>
  )

  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <h2>{t('settings.office')}</h2>
      {/* Office details and units are the admin's to change; others see them read-only, and why. */}
      {readOnly ? (
        <p className="notice" role="note">
          {t('settings.adminOnly')}
        </p>
      ) : null}
      <fieldset disabled={readOnly} className="plain">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            requestSave()
          }}
        >
          <OfficeForm value={fields} errors={errors.fields} onChange={setFields} />
          <FormError message={errors.form} />
          <div className="actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t('common.save')}
            </Button>
            {saved ? <span role="status">{t('common.saved')}</span> : null}
          </div>
        </form>
        {confirmProvince ? (
          <ConfirmDialog
            title={t('settings.province.title')}
            message={<p>{t('settings.province.what', { name: office.name, code: office.code })}</p>}
            irreversible={t('settings.province.undo')}
            confirmLabel={t('settings.province.confirm')}
            danger
            typeToConfirm={office.code}
            busy={busy}
            onConfirm={() => void save()}
            onCancel={() => setConfirmProvince(false)}
          />
        ) : null}
        <h2>{t('settings.units')}</h2>
        <AddUnitForm level={office.level} units={units} onAdded={reload} />
        <ul className="unit-tree">{sorted(null).map(renderUnit)}</ul>
      </fieldset>
      <LetterheadSection canEdit={!refused('office.saveLetterhead')} />
      <StandardsSection canEdit={user.role === 'admin'} />
      {refused('users.list') ? null : <UsersSection />}
      {refused('system.backup.status') ? null : <BackupSection onRestored={reload} />}
    </section>
  )
}

function UnitRow({ unit, siblings, onChanged }: { unit: AdminUnit; siblings: AdminUnit[]; onChanged: () => void }) {
  const [editing, setEditing] = useState(false)
  const [mergeInto, setMergeInto] = useState('')
  const [name, setName] = useState(unit.name)
  const [child, setChild] = useState('')
  const [error, setError] = useState<string | null>(null)
  const run = async (f: () => Promise<unknown>): Promise<boolean> => {
    setError(null)
    try {
      await f()
      onChanged()
      return true
    } catch (e) {
      const errs = toFormErrors(e)
      setError(errs.form ?? Object.values(errs.fields)[0] ?? null)
      return false
    }
  }
  return (
    <div className="unit-row">
      <span className="unit-kind">{t(KIND_LABEL[unit.kind])}</span>{' '}
      {editing ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault()
            void run(() => call('units.rename', { id: unit.id, name })).then((ok) => ok && setEditing(false))
          }}
        >
          <input aria-label={t('common.rename')} autoFocus value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit">{t('common.save')}</button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <>
          <strong>{unit.name}</strong>
          {unit.code ? ` (${unit.code})` : ''}
          {unit.formerNames.length ? (
            <span className="muted"> — {t('settings.formerNames', { names: unit.formerNames.map((f) => f.name).join(', ') })}</span>
          ) : null}{' '}
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('common.rename')}
          </button>
        </>
      )}
      {unit.kind !== 'village' ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault()
            if (child.trim())
              void run(() => call('units.add', { parentId: unit.id, kind: CHILD_KIND[unit.kind as UnitKind], code: '', name: child })).then(
                (ok) => ok && setChild(''),
              )
          }}
        >
          <input
            placeholder={t('setup.units.childName')}
            aria-label={`${t('setup.units.childName')} — ${unit.name}`}
            value={child}
            onChange={(e) => setChild(e.target.value)}
          />
          <button type="submit">{t('common.add')}</button>
        </form>
      ) : null}
      {siblings.length > 0 ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault()
            if (mergeInto) void run(() => call('units.merge', { fromId: unit.id, intoId: mergeInto }))
          }}
        >
          <select aria-label={`${t('settings.mergeInto')} — ${unit.name}`} value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
            <option value="">{t('settings.mergeInto')}</option>
            {siblings.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!mergeInto}>
            {t('settings.merge')}
          </button>
        </form>
      ) : null}
      {error ? (
        <div className="field__error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}
