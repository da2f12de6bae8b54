import { useEffect, useState } from 'react'
import type { DuplicateGroup } from '@shared/domain/household-views'
import { call } from '../api'
import { t } from '../i18n'

/** Households that may be one family entered twice, each a button to open it and resolve by hand. */
export function DuplicatesPanel({ onOpen, reloadToken }: { onOpen: (id: string) => void; reloadToken: number }) {
  const [groups, setGroups] = useState<DuplicateGroup[] | null>(null)
  useEffect(() => {
    void call('households.duplicates', {}).then(setGroups)
  }, [reloadToken])
  if (!groups) return <p>{t('common.loading')}</p>
  return (
    <section aria-label={t('households.tab.duplicates')}>
      <p>{t('households.dup.intro')}</p>
      {groups.length === 0 ? <p role="status">{t('households.dup.none')}</p> : null}
      <ul className="dup-groups">
        {groups.map((g) => (
          <li key={`${g.reason}-${g.key}`}>
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
          </li>
        ))}
      </ul>
    </section>
  )
}
