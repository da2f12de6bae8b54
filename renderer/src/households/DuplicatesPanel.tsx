import { useEffect, useRef, useState } from 'react'
import type { DuplicateGroup } from '@shared/domain/household-views'
import { call } from '../api'
import { useChanges } from '../data/useQuery'
import { t } from '../i18n'

const groupKey = (g: DuplicateGroup) => `${g.reason}-${g.matchKey}`

/**
 * Households that may be one family entered twice: each a button to open it and resolve by hand,
 * and "Không trùng" for a group the clerk found to be different families, which then stays hidden
 * until another household joins it.
 */
export function DuplicatesPanel({ onOpen }: { onOpen: (id: string) => void }) {
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null)
  const [asking, setAsking] = useState<string | null>(null)
  const [notice, setNotice] = useState('')
  const [error, setError] = useState('')
  const [reloads, setReloads] = useState(0)
  const changes = useChanges(['households'])
  useEffect(() => {
    void call('households.duplicates', {}).then(setGroups)
  }, [changes, reloads])
  if (!groups) return <p>{t('common.loading')}</p>

  const dismiss = async (g: DuplicateGroup, note: string) => {
    setError('')
    try {
      await call('households.dismissDuplicate', {
        reason: g.reason,
        matchKey: g.matchKey,
        householdIds: g.households.map((h) => h.id),
        note,
      })
      setNotice(t('households.dup.dismissed', { key: g.key }))
      setAsking(null)
    } catch (e) {
      setError((e as Error).message)
    }
    setReloads((n) => n + 1)
  }

  return (
    <section aria-label={t('households.tab.duplicates')}>
      <p>{t('households.dup.intro')}</p>
      {notice ? <p role="status">{notice}</p> : null}
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {groups.length === 0 ? <p role="status">{t('households.dup.none')}</p> : null}
      <ul className="dup-groups">
        {groups.map((g) => (
          <li key={groupKey(g)}>
            <strong>
              {g.reason === 'citizen_id' ? t('households.dup.citizen_id', { key: g.key }) : t('households.dup.name_birth', { key: g.key })}
            </strong>
            <ul>
              {g.households.map((h) => (
                <li key={h.id}>
                  <button type="button" className="link" onClick={() => onOpen(h.id)}>
                    {t('households.dup.open', { code: h.code, name: h.headName })}
                  </button>{' '}
                  <span className="muted">({h.memberName})</span>
                </li>
              ))}
            </ul>
            {asking === groupKey(g) ? (
              <DismissForm onConfirm={(note) => void dismiss(g, note)} onCancel={() => setAsking(null)} />
            ) : (
              <button type="button" onClick={() => setAsking(groupKey(g))}>
                {t('households.dup.dismiss')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The note and the confirmation, asked inline so the keyboard stays on the group. */
function DismissForm({ onConfirm, onCancel }: { onConfirm: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState('')
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  return (
    <form
      className="dup-dismiss"
      onSubmit={(e) => {
        e.preventDefault()
        onConfirm(note)
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel()
      }}
    >
      <label>
        {t('households.dup.dismissNote')}
        <input ref={input} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {t('households.dup.confirm')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('households.dup.cancel')}
      </button>
    </form>
  )
}
