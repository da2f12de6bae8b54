import { useState } from 'react'
import type { UnitDraft, UnitKind } from '@shared/domain/units'
import { OFFICE_LEVELS, type OfficeLevel } from '@shared/domain/office-levels'
import { t } from '../i18n'
import { CHILD_KIND, KIND_LABEL } from '../components/kinds'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { descendantCount, duplicateOf } from './unit-drafts'

interface Props {
  drafts: UnitDraft[]
  onChange: (drafts: UnitDraft[]) => void
  /** What the top-level units are: a commune office types its villages (its own commune is created from the office). */
  level: OfficeLevel
  /** What the last import left out (units already listed), shown beside the list with a repeat typed here. */
  notice?: string | null | undefined
}

/** Edits a list of units to create: top-level units and, under each, its children (any depth). */
export function UnitDraftEditor({ drafts, onChange, level, notice }: Props) {
  const [topName, setTopName] = useState('')
  const [topCode, setTopCode] = useState('')
  // A unit typed a second time is refused here, at once, rather than by main after the last step.
  const [repeat, setRepeat] = useState<string | null>(null)
  // The unit waiting for "Xóa" to be confirmed because units under it would go with it.
  const [removing, setRemoving] = useState<number | null>(null)
  const topKind: UnitKind = OFFICE_LEVELS[level].unitKinds[0] ?? 'commune'
  const villages = topKind === 'village'

  /** Adds a typed unit unless it is already listed; says which when it is. */
  const add = (draft: UnitDraft): boolean => {
    const existing = duplicateOf(drafts, draft)
    if (existing >= 0) {
      const d = drafts[existing]!
      setRepeat(t('setup.units.duplicate', { name: d.code ? `${d.name} (${d.code})` : d.name }))
      return false
    }
    setRepeat(null)
    onChange([...drafts, draft])
    return true
  }

  const addTop = () => {
    if (!topName.trim()) return
    if (!add({ kind: topKind, code: villages ? '' : topCode.trim(), name: topName.trim(), parentIndex: null })) return
    setTopName('')
    setTopCode('')
  }

  const addChild = (parentIndex: number, name: string) => {
    const parent = drafts[parentIndex]!
    return add({ kind: CHILD_KIND[parent.kind as UnitKind], code: '', name, parentIndex })
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
    setRepeat(null)
    setRemoving(null)
    onChange(kept)
  }
  /** A unit with units under it is removed only once the clerk has seen how many go with it. */
  const askRemove = (index: number) => (descendantCount(drafts, index) > 0 ? setRemoving(index) : remove(index))

  const children = (parent: number | null) => drafts.map((d, i) => ({ d, i })).filter(({ d }) => (d.parentIndex ?? null) === parent)

  const renderNode = (index: number) => {
    const d = drafts[index]!
    return (
      <li key={index}>
        <span className="unit-kind">{t(KIND_LABEL[d.kind as UnitKind])}</span> <strong>{d.name}</strong>
        {d.code ? <span className="unit-code"> ({d.code})</span> : null}{' '}
        <button type="button" className="link" onClick={() => askRemove(index)} aria-label={`${t('setup.units.remove')} ${d.name}`}>
          {t('setup.units.remove')}
        </button>
        <ul>
          {children(index).map(({ i }) => renderNode(i))}
          {d.kind !== 'village' ? (
            <ChildAdder parentName={d.name} onAdd={(name) => addChild(index, name)} onTyping={() => setRepeat(null)} />
          ) : null}
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
            onChange={(e) => (setTopName(e.target.value), setRepeat(null))}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addTop())}
          />
        </label>
        {villages ? null : (
          <label>
            {t('setup.units.topCode')}
            <input
              value={topCode}
              inputMode="numeric"
              onChange={(e) => (setTopCode(e.target.value), setRepeat(null))}
              onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addTop())}
            />
          </label>
        )}
        <button type="button" onClick={addTop}>
          {t(villages ? 'setup.units.addVillage' : 'setup.units.addTop')}
        </button>
      </div>
      {repeat || notice ? (
        <div className="form-error" role="alert" data-error-for="units">
          {repeat ?? notice}
        </div>
      ) : null}
      {drafts.length === 0 ? (
        <p className="muted">{t('setup.units.none')}</p>
      ) : (
        <ul className="unit-tree">{children(null).map(({ i }) => renderNode(i))}</ul>
      )}
      {removing !== null && drafts[removing] ? (
        <RemoveDialog drafts={drafts} index={removing} onConfirm={() => remove(removing)} onCancel={() => setRemoving(null)} />
      ) : null}
    </div>
  )
}

function RemoveDialog({
  drafts,
  index,
  onConfirm,
  onCancel,
}: {
  drafts: UnitDraft[]
  index: number
  onConfirm: () => void
  onCancel: () => void
}) {
  const d = drafts[index]!
  const count = descendantCount(drafts, index)
  const under = new Set([index])
  const names: string[] = []
  drafts.forEach((u, i) => {
    if (u.parentIndex != null && under.has(u.parentIndex)) {
      under.add(i)
      names.push(u.name)
    }
  })
  return (
    <ConfirmDialog
      title={t('setup.units.removeTitle', { name: d.name })}
      message={t('setup.units.removeWithChildren', { name: d.name, count, names: names.join(', ') })}
      confirmLabel={t('setup.units.removeConfirm', { count })}
      danger
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  )
}

function ChildAdder({ parentName, onAdd, onTyping }: { parentName: string; onAdd: (name: string) => boolean; onTyping: () => void }) {
  const [name, setName] = useState('')
  const add = () => {
    if (!name.trim()) return
    if (onAdd(name.trim())) setName('')
  }
  return (
    <li className="child-adder">
      <input
        placeholder={t('setup.units.childName')}
        aria-label={`${t('setup.units.childName')} — ${parentName}`}
        value={name}
        onChange={(e) => (setName(e.target.value), onTyping())}
        onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())}
      />
      <button type="button" onClick={add}>
        {t('common.add')}
      </button>
    </li>
  )
}
