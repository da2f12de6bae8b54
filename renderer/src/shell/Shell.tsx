import type { ReactNode } from 'react'
import type { OfficeProfile } from '@shared/domain/office'
import type { User } from '@shared/domain/users'
import { t } from '../i18n'
import { PAGES, PAGE_TITLE, type PageId } from './pages'

interface Props {
  office: OfficeProfile
  info: { dbPath: string; schemaVersion: number; appVersion: string }
  user: User
  page: PageId
  onNavigate: (page: PageId) => void
  onSignOut: () => void
  children: ReactNode
}

/** Navigation on the left, the page in the middle, the office and the database file in the status bar. */
export function Shell({ office, info, user, page, onNavigate, onSignOut, children }: Props) {
  return (
    <div className="shell">
      <nav className="shell__nav" aria-label={t('nav.label')}>
        <div className="shell__brand">{t('app.title')}</div>
        <ul>
          {PAGES.map((p, i) => (
            <li key={p}>
              <button type="button" aria-current={p === page ? 'page' : undefined} onClick={() => onNavigate(p)} title={`Alt+${i + 1}`}>
                {t(PAGE_TITLE[p])}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="shell__page">{children}</main>
      <footer className="shell__status" role="status">
        <span>{t('status.office', { name: office.name, code: office.code })}</span>
        <span title={info.dbPath}>{t('status.db', { path: info.dbPath })}</span>
        <span>
          {t('status.schema', { version: info.schemaVersion })} · {info.appVersion}
        </span>
        <span className="shell__user">
          {t('auth.user', { name: user.displayName, role: t(`role.${user.role}`) })}{' '}
          <button type="button" className="link" onClick={onSignOut}>
            {t('auth.signOut')}
          </button>
        </span>
      </footer>
    </div>
  )
}
