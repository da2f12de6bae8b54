import { useEffect, useState } from 'react'
import type { ChannelOutput } from '@shared/contract'
import type { OfficeProfile } from '@shared/domain/office'
import { call } from './api'
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
  const [page, setPage] = useState<PageId>('overview')
  const [fatal, setFatal] = useState<string | null>(null)

  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    let live = true
    Promise.all([call('app.info', {}), call('office.get', {})]).then(
      ([i, o]) => {
        if (!live) return
        setInfo(i)
        setOffice(o)
      },
      (e: unknown) => live && setFatal(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [reloads])

  // Alt+1 … Alt+7 jump between the main pages, so the app is usable without a mouse.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return
      const target = PAGES[Number(e.key) - 1]
      if (target) {
        e.preventDefault()
        setPage(target)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  if (fatal)
    return (
      <div className="fatal" role="alert">
        {fatal}
      </div>
    )
  if (office === undefined || !info) return <div className="loading">{t('common.loading')}</div>
  if (office === null)
    return (
      <FirstRun
        onDone={(o) => {
          setOffice(o)
          setReloads((n) => n + 1)
        }}
      />
    )

  return (
    <Shell office={office} info={info} page={page} onNavigate={setPage}>
      {page === 'overview' ? <OverviewPage office={office} /> : null}
      {page === 'households' ? <HouseholdsPage office={office} /> : null}
      {page === 'review' ? <ReviewPage office={office} /> : null}
      {page === 'plans' ? <PlansPage office={office} /> : null}
      {page === 'reports' ? <ReportsPage office={office} /> : null}
      {page === 'packages' ? <PackagesPage office={office} /> : null}
      {page === 'settings' ? <SettingsPage office={office} onOfficeChange={setOffice} /> : null}
    </Shell>
  )
}
