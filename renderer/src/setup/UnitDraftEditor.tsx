import { useState } from 'react'
import type { UnitDraft, UnitKind } from '@shared/domain/units'
import { OFFICE_LEVELS, type OfficeLevel } from '@shared/domain/office-levels'
import { t } from '../i18n'
import { CHILD_KIND, KIND_LABEL } from '../components/kinds'

interface Props {
  drafts: UnitDraft[]
  onChange: (drafts: UnitDraft[]) => void
  /** What the top-level units are: a commune office types its villages (its own commune is created from the office). */
  level: OfficeLevel
}

/** Edits a list of units to create: top-level units and, under each, its children (any depth). */
export function UnitDraftEditor({ drafts, onChange, level }: Props) {
  const [topName, setTopName] = useState('')
  const [topCode, setTopCode] = useState('')
  const topKind: UnitKind = OFFICE_LEVELS[level].unitKinds[0] ?? 'commune'
  const villages = topKind === 'village'

  const addTop = () => {
    if (!topName.trim()) return
    onChange([...drafts, { kind: topKind, code: villages ? '' : topCode.trim(), name: topName.trim(), parentIndex: null }])
    setTopName('')
    setTopCode('')
  }

  const addChild = (parentIndex: number, name: string) => {
    const parent = drafts[parentIndex]!
    onChange([...drafts, { kind: CHILD_KIND[parent.kind as UnitKind], code: '', name, parentIndex }])
  }

  /** Removing a unit removes its children too; indices of the rest are renumbered. */
  const remove = (index: number) => {
    const doomed = new Set<number>([index])
    drafts.forEach((d, i) => {
      if (d.parentIndex != null && doomed.has(d.parentIndex)) doomed.add(i)
    })
    const newIndex = new Map<number, number>()
    const kept: UnitDraft[] = []
    drafts.forEach((d, i) => {
      if (doomed.has(i)) return
      newIndex.set(i, kept.length)
      kept.push({ ...d, parentIndex: d.parentIndex == null ? null : (newIndex.get(d.parentIndex) ?? null) })
    })
    onChange(kept)
  }

  const children = (parent: number | null) => drafts.map((d, i) => ({ d, i })).filter(({ d }) => (d.parentIndex ?? null) === parent)

  const renderNode = (index: number) => {
    const d = drafts[index]!
    return (
      <li key={index}>
        <span className="unit-kind">{t(KIND_LABEL[d.kind as UnitKind])}</span> <strong>{d.name}</strong>
        {d.code ? <span className="unit-code"> ({d.code})</span> : null}{' '}
        <button type="button" className="link" onClick={() => remove(index)} aria-label={`${t('setup.units.remove')} ${d.name}`}>
          {t('setup.units.remove')}
        </button>
        <ul>
          {children(index).map(({ i }) => renderNode(i))}
          {d.kind !== 'village' ? <ChildAdder parentName={d.name} onAdd={(name) => addChild(index, name)} /> : null}
        </ul>
      </li>
    )
  }

  return (
    <div className="unit-editor">
      <div className="row">
        <label>
          {t(villages ? 'setup.units.villageName' : 'setup.units.topName')}
          <input
            value={topName}
            onChange={(e) => setTopName(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addTop())}
          />
        </label>
        {villages ? null : (
          <label>
            {t('setup.units.topCode')}
            <input
              value={topCode}
              inputMode="numeric"
              onChange={(e) => setTopCode(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addTop())}
            />
          </label>
        )}
        <button type="button" onClick={addTop}>
          {t(villages ? 'setup.units.addVillage' : 'setup.units.addTop')}
        </button>
      </div>
      {drafts.length === 0 ? (
        <p className="muted">{t('setup.units.none')}</p>
      ) : (
        <ul className="unit-tree">{children(null).map(({ i }) => renderNode(i))}</ul>
      )}
    </div>
  )
}

function ChildAdder({ parentName, onAdd }: { parentName: string; onAdd: (name: string) => void }) {
  const [name, setName] = useState('')
  const add = () => {
    if (!name.trim()) return
    onAdd(name.trim())
    setName('')
  }
  return (
    <li className="child-adder">
      <input
        placeholder={t('setup.units.childName')}
        aria-label={`${t('setup.units.childName')} — ${parentName}`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())}
      />
      <button type="button" onClick={add}>
        {t('common.add')}
      </button>
    </li>
  )
}
