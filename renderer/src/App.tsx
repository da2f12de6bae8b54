import { useCallback, useEffect, useState } from 'react'
import type { ChannelOutput } from '@shared/contract'
import type { OfficeProfile } from '@shared/domain/office'
import type { Session } from '@shared/domain/users'
import { call, UNAUTHENTICATED_EVENT } from './api'
import { SignedInUser } from './auth/access'
import { FirstAdmin, SignIn } from './auth/SignIn'
import { useIdleLock } from './auth/useIdleLock'
import { t } from './i18n'
import { OverviewPage } from './overview/OverviewPage'
import { SettingsPage } from './settings/SettingsPage'
import { FirstRun } from './setup/FirstRun'
import { Shell } from './shell/Shell'
import { PAGES, type PageId } from './shell/pages'
import { HouseholdsPage } from './households/HouseholdsPage'
import { ReviewPage } from './review/ReviewPage'
import { PlansPage } from './plans/PlansPage'
import { ReportsPage } from './reports/ReportsPage'
import { PackagesPage } from './packages/PackagesPage'

type Info = ChannelOutput<'app.info'>

export function App() {
  const [info, setInfo] = useState<Info | null>(null)
  const [office, setOffice] = useState<OfficeProfile | null | undefined>(undefined)
  const [session, setSession] = useState<Session | null>(null)
  const [locked, setLocked] = useState(false)
  const [lastUser, setLastUser] = useState('')
  const [page, setPage] = useState<PageId>('overview')
  // Counts the clerk's navigations: choosing the page already shown (its nav button, Alt+2) takes it back to its start.
  const [visit, setVisit] = useState(0)
  const navigate = useCallback((target: PageId) => {
    setPage(target)
    setVisit((n) => n + 1)
  }, [])
  const [fatal, setFatal] = useState<string | null>(null)
  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    let live = true
    Promise.all([call('app.info', {}), call('office.get', {}), call('auth.session', {})]).then(
      ([i, o, s]) => {
        if (!live) return
        setInfo(i)
        setOffice(o)
        setSession(s)
      },
      (e: unknown) => live && setFatal(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [reloads])

  const lock = useCallback(() => {
    setLastUser((u) => session?.user?.username ?? u)
    setLocked(true)
    void call('auth.signOut', {}).then(setSession)
  }, [session])

  // Main answers UNAUTHENTICATED when it locked the session on its side: show the lock screen.
  useEffect(() => {
    window.addEventListener(UNAUTHENTICATED_EVENT, lock)
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, lock)
  }, [lock])
  useIdleLock(session?.user ? session.lockAfterMinutes : null, lock)

  // Alt+1 … Alt+7 jump between the main pages, so the app is usable without a mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return
      const target = PAGES[Number(e.key) - 1]
      if (target) {
        e.preventDefault()
        navigate(target)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [navigate])

  const signedIn = (s: Session) => {
    setSession(s)
    setLocked(false)
  }

  if (fatal) {
    return (
      <div className="fatal" role="alert">
        {fatal}
      </div>
    )
  }
  if (office === undefined || !info || !session) return <div className="loading">{t('common.loading')}</div>
  if (office === null) {
    return (
      <FirstRun
        onDone={(o) => {
          setOffice(o)
          setReloads((n) => n + 1)
        }}
      />
    )
  }
  if (session.needsFirstAdmin) return <FirstAdmin onSession={signedIn} />
  if (!session.user) return <SignIn officeName={office.name} lastUser={lastUser} locked={locked} onSession={signedIn} />

  return (
    <SignedInUser value={session.user}>
      <Shell
        office={office}
        info={info}
        user={session.user}
        page={page}
        onNavigate={navigate}
        onSignOut={() => void call('auth.signOut', {}).then(setSession)}
      >
        {page === 'overview' ? <OverviewPage office={office} /> : null}
        {page === 'households' ? <HouseholdsPage office={office} visit={visit} /> : null}
        {page === 'review' ? <ReviewPage office={office} /> : null}
        {page === 'plans' ? <PlansPage office={office} /> : null}
        {page === 'reports' ? <ReportsPage office={office} /> : null}
        {page === 'packages' ? <PackagesPage office={office} /> : null}
        {page === 'settings' ? <SettingsPage office={office} user={session.user} onOfficeChange={setOffice} /> : null}
      </Shell>
    </SignedInUser>
  )
}
