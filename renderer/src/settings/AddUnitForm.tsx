import { useState } from 'react'
import { OFFICE_LEVELS, type OfficeLevel } from '@shared/domain/office-levels'
import type { AdminUnit } from '@shared/domain/units'
import { call } from '../api'
import { toFormErrors } from '../components/errors'
import { FormError } from '../components/FormError'
import { t } from '../i18n'

/**
 * Adds a unit directly under the office: a village under a commune office's own commune, a commune
 * at a district office. The office's own units come from setup; this is how a clerk who set up too
 * few, or whose commune got a new village, adds one later.
 */
export function AddUnitForm({ level, units, onAdded }: { level: OfficeLevel; units: AdminUnit[]; onAdded: () => void }) {
  const [name, setName] = useState('')
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const kind = OFFICE_LEVELS[level].unitKinds[0]
  if (!kind) return null
  const villages = kind === 'village'
  // A commune office's villages hang under its own commune (the root unit setup created).
  const parentId = villages ? (units.find((u) => u.kind === 'commune' && u.parentId === null)?.id ?? null) : null
  const add = async () => {
    setError(null)
    if (!name.trim()) return
    try {
      await call('units.add', { parentId, kind, code: villages ? '' : code.trim(), name: name.trim() })
      setName('')
      setCode('')
      onAdded()
    } catch (e) {
      const errs = toFormErrors(e)
      setError(errs.form ?? Object.values(errs.fields)[0] ?? null)
    }
  }
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault()
        void add()
      }}
    >
      <label>
        {t(villages ? 'setup.units.villageName' : 'setup.units.topName')}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {villages ? null : (
        <label>
          {t('setup.units.topCode')}
          <input value={code} inputMode="numeric" onChange={(e) => setCode(e.target.value)} />
        </label>
      )}
      <button type="submit">{t(villages ? 'setup.units.addVillage' : 'setup.units.addTop')}</button>
      <FormError message={error} />
    </form>
  )
}
